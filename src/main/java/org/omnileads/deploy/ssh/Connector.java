package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.SshException.Cause;

/**
 * Opens one logged-in session per host over one shared SSH client. Hosts connect and log in in parallel;
 * whatever needs the operator (an unknown host key, a password typed in) is asked one host at a time in
 * inventory order, and each password is checked at once by logging in. Closing the connector closes every
 * session it opened.
 */
public final class Connector implements HostConnector {
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(30);
    /** A host that stops answering (frozen, powered off, cable cut) is dropped within HEARTBEAT x HEARTBEAT_MISSES = 30 s. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final int HEARTBEAT_MISSES = 6;

    private final ConnectOptions options;
    private final SshClient client;
    private final List<HostSession> opened = new CopyOnWriteArrayList<>();

    public Connector(ConnectOptions options) {
        this.options = options;
        RunKeyShare.prepare();
        this.client = newClient(new HostKeyCheck(options.hostKeys(), options.notices()), options.connectTimeout());
        client.start();
    }

    /**
     * Starts making the key pair of the post-quantum key exchange in the background, so that it is
     * ready when the first host answers. Call it as early as the command knows it will connect.
     */
    public static void prepareKeyExchange() { RunKeyShare.prepare(); }

    /** The shared client: our host key policy, no ~/.ssh/config, keys and passwords given per session, keep-alive on. */
    static SshClient newClient(HostKeyCheck hostKeyCheck, Duration connectTimeout) {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(hostKeyCheck);
        c.addSessionListener(hostKeyCheck);
        // The inventory says where to connect; ~/.ssh/config must not quietly change host, port or user.
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        c.setUserInteraction(UserInteraction.NONE);
        c.setUserAuthFactories(LoginMethods.all());
        c.setSignatureFactories(ed25519First(c.getSignatureFactories()));
        // Post-quantum key exchange as OpenSSH, its key pair made once per run (see RunKeyShare).
        c.setKeyExchangeFactories(RunKeyShare.replaceIn(c.getKeyExchangeFactories()));
        // Only the server's keep-alive is answered. MINA's default also parses OpenSSH's announcement of all its
        // host keys (hostkeys-00@openssh.com) after login: the deployer never uses them, and validating the RSA
        // key's modulus took about 70 ms of CPU per host, most of a converged run's client time.
        c.setGlobalRequestHandlers(List.of(KeepAliveHandler.INSTANCE));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(c, connectTimeout);
        // keepalive@openssh.com wants a reply: a frozen host still answers TCP, only sshd's silence shows it.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_REQUEST.set(c, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, HEARTBEAT_MISSES);
        // MINA's 10-minute idle default would cut a healthy session running a long quiet command.
        CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ofHours(12));
        return c;
    }

    /** New host keys are recorded as ed25519 when the server has one, as OpenSSH prefers. */
    private static List<NamedFactory<Signature>> ed25519First(List<NamedFactory<Signature>> factories) {
        List<NamedFactory<Signature>> out = new ArrayList<>();
        for (NamedFactory<Signature> f : factories) if (f.getName().equals("ssh-ed25519")) out.add(f);
        for (NamedFactory<Signature> f : factories) if (!f.getName().equals("ssh-ed25519")) out.add(f);
        return out;
    }

    /**
     * Connects to every host, {@code parallel} at a time. Never a silent partial success: every host is either
     * in {@link Connections#sessions()} or in {@link Connections#failures()}.
     */
    @Override
    public Connections connectAll(List<Host> hosts) {
        int n = hosts.size();
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        for (int i = 0; i < n; i++) finished.add(new CompletableFuture<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(n, options.parallel())), r -> {
            Thread t = new Thread(r, "oml-connect");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostSession>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Host host = hosts.get(i);
                // Hosts are queued in inventory order, so a host waiting for its turn only waits on running ones.
                Runnable awaitTurn = () -> finished.subList(0, index).forEach(CompletableFuture::join);
                futures.add(pool.submit(() -> {
                    try {
                        return connect(host, awaitTurn);
                    } finally {
                        finished.get(index).complete(null);
                    }
                }));
            }
            Map<Host, RemoteHost> sessions = new LinkedHashMap<>();
            List<HostFailure> failures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Host host = hosts.get(i);
                try {
                    sessions.put(host, futures.get(i).get());
                } catch (ExecutionException e) {
                    failures.add(new HostFailure(host, e.getCause() instanceof SshException se ? se
                            : new SshException(Cause.OTHER, host.label(), String.valueOf(e.getCause()), e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new HostFailure(host, new SshException(Cause.OTHER, host.label(), "interrupted", e)));
                }
            }
            return new Connections(sessions, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Connects to one host, asking the operator whenever needed. */
    public HostSession connect(Host host) throws SshException { return connect(host, () -> {}); }

    private HostSession connect(Host host, Runnable awaitTurn) throws SshException {
        InetSocketAddress target = resolve(host);
        Credentials cred = options.credentials();
        ClientSession s = openVerified(host, target, awaitTurn);
        try {
            if (login(s, host, cred.keys(), null)) return track(host, target, s, null);
            requirePasswordLogin(s, host);
            // Prompts come in inventory order; a password file or no password at all asks no one, so no turn.
            if (cred.passwords().interactive()) awaitTurn.run();
            String failure = null;
            for (int attempt = 1; attempt <= PasswordPrompt.ATTEMPTS; attempt++) {
                String password = cred.passwords().ask(host, attempt, failure);
                if (password == null || password.isEmpty()) {
                    if (attempt == 1) throw new SshException(Cause.NO_PASSWORD, host.label(), null, null);
                    throw rejected(host, attempt - 1);
                }
                cred.redactor().add(password);
                if (!s.isOpen()) s = reopenQuietly(s, host, target, awaitTurn);
                if (login(s, host, List.of(), password)) {
                    cred.passwords().accepted(host, password);
                    return track(host, target, s, password);
                }
                // A server may hang up after a refused password (seen under load): the next try opens a new session.
                if (s.isOpen()) requirePasswordLogin(s, host);
                failure = Cause.PASSWORD_REJECTED.text();
            }
            throw rejected(host, PasswordPrompt.ATTEMPTS);
        } catch (SshException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    private ClientSession reopenQuietly(ClientSession old, Host host, InetSocketAddress target, Runnable awaitTurn) throws SshException {
        old.close(true);
        return openVerified(host, target, awaitTurn);
    }

    private static SshException rejected(Host host, int tries) {
        return new SshException(Cause.PASSWORD_REJECTED, host.label(), tries + (tries == 1 ? " try" : " tries"), null);
    }

    private HostSession track(Host host, InetSocketAddress target, ClientSession s, String password) {
        HostSession.Reopen again = password == null || options.passwordReopens() ? () -> reopen(host, target, password)
                : () -> { throw new SshException(Cause.SESSION_DROPPED, host.label(), "the kept session ended", null); };
        HostSession hs = new HostSession(host, s, again, options.notices());
        opened.add(hs);
        return hs;
    }

    /** A new session for a dropped one, with the login that worked; nobody is asked anything. */
    private ClientSession reopen(Host host, InetSocketAddress target, String password) throws SshException {
        ClientSession s = openVerified(host, target, () -> {});
        try {
            List<KeyPair> keys = password == null ? options.credentials().keys() : List.of();
            if (login(s, host, keys, password)) return s;
            throw password == null
                    ? new SshException(Cause.NO_PASSWORD, host.label(), "the key that logged in earlier is no longer accepted", null)
                    : new SshException(Cause.PASSWORD_REJECTED, host.label(), "the password that logged in earlier is no longer accepted", null);
        } catch (SshException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    private static InetSocketAddress resolve(Host host) throws SshException {
        try {
            return new InetSocketAddress(InetAddress.getByName(host.address()), host.port());
        } catch (UnknownHostException e) {
            throw new SshException(Cause.NAME_NOT_RESOLVED, host.label(), host.address(), e);
        }
    }

    /**
     * A session whose host key passed the policy, ready to log in. An unknown key is shown to the operator in
     * turn; once accepted it is recorded and the host connected to again (the key must then match).
     */
    private ClientSession openVerified(Host host, InetSocketAddress target, Runnable awaitTurn) throws SshException {
        HostKeyPolicy policy = options.hostKeys();
        for (int round = 0; ; round++) {
            HostKeyCheck.Attempt attempt = new HostKeyCheck.Attempt(host);
            ClientSession s = openTcp(host, target, attempt);
            Set<ClientSessionEvent> state = s.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED),
                    options.connectTimeout());
            if (state.contains(ClientSessionEvent.WAIT_AUTH) && s.isOpen()) return s;
            s.close(true);
            KnownHosts.Verdict refused = attempt.refused;
            PublicKey presented = attempt.presented;
            IOException fileError = attempt.fileError;
            KnownHosts kh = policy.knownHosts();
            if (fileError != null) {
                throw new SshException(Cause.OTHER, host.label(), "cannot use " + kh.file() + ": " + fileError.getMessage(),
                        "check that the known_hosts file and its folder are readable and writable by you", fileError);
            }
            if (refused == null) {
                if (state.contains(ClientSessionEvent.TIMEOUT)) {
                    throw new SshException(Cause.TIMED_OUT, host.label(), "no SSH key exchange within " + options.connectTimeout().toSeconds() + " s", null);
                }
                throw new SshException(Cause.OTHER, host.label(), "the connection closed during the key exchange",
                        "check that an SSH server listens on " + host.address() + ":" + host.port(), null);
            }
            switch (refused.state()) {
                case CHANGED -> throw changed(host, refused, kh);
                case REVOKED -> throw new SshException(Cause.HOST_KEY_REVOKED, host.label(),
                        refused.keyType() + " " + refused.fingerprint() + ", " + kh.file() + " line " + refused.line(), null);
                default -> {
                    if (round > 0 || policy.prompt() == null) {
                        throw new SshException(Cause.HOST_KEY_UNKNOWN, host.label(), refused.keyType() + " " + refused.fingerprint(),
                                "check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then run again and accept it, "
                                        + "or pass --accept-new-host-keys", null);
                    }
                    awaitTurn.run();
                    if (!policy.prompt().accept(host, refused.keyType(), refused.fingerprint())) {
                        throw new SshException(Cause.HOST_KEY_UNKNOWN, host.label(), "not accepted: " + refused.keyType() + " " + refused.fingerprint(),
                                "check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before accepting it", null);
                    }
                    try {
                        kh.add(host.address(), host.port(), presented);
                    } catch (IOException e) {
                        throw new SshException(Cause.OTHER, host.label(), "cannot write " + kh.file() + ": " + e.getMessage(), e);
                    }
                    options.notices().accept(host.label() + ": host key " + refused.keyType() + " " + refused.fingerprint() + " added to " + kh.file());
                }
            }
        }
    }

    static SshException changed(Host host, KnownHosts.Verdict v, KnownHosts kh) {
        String remove = kh.removalCommand(host.address(), host.port());
        String detail = "host " + v.hostToken() + " now shows " + v.keyType() + " " + v.fingerprint()
                + "; " + kh.file() + " line " + v.line() + " holds " + v.knownType() + " " + v.knownFingerprint()
                + "; if the host was reinstalled, remove the stale line with: " + remove;
        return new SshException(Cause.HOST_KEY_CHANGED, host.label(), detail,
                "if the host was reinstalled, run " + remove + " and connect again; otherwise stop: someone may be in the middle", null);
    }

    private ClientSession openTcp(Host host, InetSocketAddress target, HostKeyCheck.Attempt attempt) throws SshException {
        ConnectFuture f = null;
        try {
            f = client.connect(host.user(), target, AttributeRepository.ofKeyValuePair(HostKeyCheck.ATTEMPT, attempt), null);
            if (!f.await(options.connectTimeout())) {
                f.cancel();
                throw new SshException(Cause.TIMED_OUT, host.label(),
                        "no answer on port " + host.port() + " within " + options.connectTimeout().toSeconds() + " s", null);
            }
            if (f.getException() != null) throw classify(host, f.getException());
            return f.getSession();
        } catch (IOException e) {
            if (f != null) f.cancel();
            throw classify(host, e);
        }
    }

    /** Names a connect failure from the exception chain. */
    static SshException classify(Host host, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException) return new SshException(Cause.NAME_NOT_RESOLVED, host.label(), host.address(), e);
            if (t instanceof NoRouteToHostException) return new SshException(Cause.HOST_UNREACHABLE, host.label(), host.address(), e);
            if (t instanceof SocketTimeoutException || t instanceof InterruptedByTimeoutException
                    || (t instanceof ConnectException && msg.contains("timed out"))) {
                return new SshException(Cause.TIMED_OUT, host.label(), host.address() + ":" + host.port(), e);
            }
            if (t instanceof ConnectException) return new SshException(Cause.CONNECTION_REFUSED, host.label(), host.address() + ":" + host.port(), e);
        }
        return new SshException(Cause.OTHER, host.label(), String.valueOf(e.getMessage()), e);
    }

    /**
     * Tries to log in with these keys or this password; false when the server said no. The first call on a
     * session, with keys or none, also learns which methods the server offers without costing a failed try.
     */
    private static boolean login(ClientSession s, Host host, List<KeyPair> keys, String password) throws SshException {
        s.setKeyIdentityProvider(keys.isEmpty() ? KeyIdentityProvider.EMPTY_KEYS_PROVIDER : KeyIdentityProvider.wrapKeyPairs(keys));
        s.setPasswordIdentityProvider(password == null ? PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER
                : PasswordIdentityProvider.wrapPasswords(password));
        if (password != null) s.setAttribute(LoginMethods.PASSWORD_PHASE, Boolean.TRUE);
        try {
            AuthFuture f = s.auth();
            if (!f.await(AUTH_TIMEOUT)) {
                throw new SshException(Cause.TIMED_OUT, host.label(), "no answer to the login within " + AUTH_TIMEOUT.toSeconds() + " s", null);
            }
            return f.isSuccess();
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new SshException(Cause.OTHER, host.label(), "interrupted", e);
        } catch (IOException e) {
            throw classify(host, e);
        } finally {
            // The session keeps no password once the login is over.
            s.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
            s.removeAttribute(LoginMethods.PASSWORD_PHASE);
        }
    }

    /** After a refused login: the server must offer a password method, or there is nothing to ask for. */
    private static void requirePasswordLogin(ClientSession s, Host host) throws SshException {
        if (Boolean.TRUE.equals(s.getAttribute(LoginMethods.PASSWORD_OFFERED))) return;
        if (!s.isOpen()) {
            throw new SshException(Cause.OTHER, host.label(), "the server closed the connection during login",
                    "look at the host's SSH log (journalctl -u ssh) for the reason", null);
        }
        throw new SshException(Cause.PASSWORD_LOGIN_DISABLED, host.label(), null, null);
    }

    /** Closes every session opened here, then the client. */
    @Override
    public void close() {
        for (HostSession hs : opened) hs.close();
        opened.clear();
        try {
            client.stop();
        } catch (RuntimeException e) {
            // Closing is best effort: the sessions are already closed.
        }
    }
}
