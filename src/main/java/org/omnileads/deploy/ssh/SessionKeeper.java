package org.omnileads.deploy.ssh;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.KeeperWire.Frame;
import org.omnileads.deploy.ssh.KeeperWire.Reader;
import org.omnileads.deploy.ssh.KeeperWire.Writer;
import org.omnileads.deploy.ssh.RemoteCommand.OutputLine;

/**
 * Holds logged-in host sessions between runs, as OpenSSH's ControlPersist master does: a process of
 * the user's own, listening on a Unix socket in a folder only the user can enter ({@link KeeperPlace}).
 * Deployers started with {@code --keep-sessions} ask it for their hosts; it logs in to the ones it
 * has no session for (asking the deployer for passwords and host key decisions, which it keeps only
 * for that login), runs their commands and uploads, and ends, closing every session, once no
 * deployer has used it for the time the last one asked for.
 *
 * <p>What it keeps: open SSH sessions, the host key each was verified with, and nothing else. A
 * deployer reusing a session must know that host key in its own known_hosts file, else the session
 * is closed and the host logged in to afresh under that deployer's policy.
 */
public final class SessionKeeper {
    /** How long a keeper that no deployer has told otherwise waits for one. */
    static final Duration FIRST_IDLE = Duration.ofSeconds(60);

    /** A kept session and the client it belongs to. */
    private record Kept(HostSession session, Connector connector) {}

    private final KeeperPlace place;
    private final Map<String, Kept> sessions = new ConcurrentHashMap<>();
    /** By session key, what the last run learned of the host's facts (opaque here; see run/KnownFacts). */
    private final Map<String, byte[]> facts = new ConcurrentHashMap<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    /**
     * The passwords of the logins under way, each login's own, masked in the log while it lasts and
     * forgotten when it ends: the keeper keeps no password once its hosts are logged in to.
     */
    private final Set<Redactor> logins = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private volatile Duration persist = FIRST_IDLE;
    private volatile long idleSince = System.nanoTime();
    private volatile boolean stopping;
    private ServerSocketChannel server;
    /** Threads for the requests, kept for the next ones: a run sends one per host and command. */
    private final ExecutorService requests = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "oml-keeper-request");
        t.setDaemon(true);
        return t;
    });

    SessionKeeper(KeeperPlace place) { this.place = place; }

    /** The keeper process: {@code SessionKeeper DIR}; started by {@link KeeperPlace#start()}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SessionKeeper DIR (started by deploy --keep-sessions)");
            System.exit(2);
        }
        SessionKeeper k = new SessionKeeper(new KeeperPlace(Path.of(args[0])));
        try {
            k.serve();
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            k.log("stopped by a failure: " + e);
            System.exit(1);
        }
    }

    /** Listens until idle for longer than the last deployer asked, or told to close; false when another keeper already listens. */
    boolean serve() throws IOException {
        place.prepare();
        if (!bind()) {
            log("another keeper listens on " + place.socket() + "; this one ends");
            return false;
        }
        log("listening on " + place.socket() + " (pid " + ProcessHandle.current().pid() + ")");
        Thread watch = new Thread(this::watchIdle, "oml-keeper-idle");
        watch.setDaemon(true);
        watch.start();
        try {
            while (!stopping) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (ClosedChannelException e) {
                    break;
                }
                active.incrementAndGet();
                requests.execute(() -> handle(c));
            }
        } finally {
            shutDown();
        }
        return true;
    }

    /** Binds the socket; a file left by a keeper that died is replaced, a live keeper is left alone. */
    private boolean bind() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(place.socket());
        try {
            server.bind(address);
            return true;
        } catch (BindException e) {
            try (SocketChannel other = place.connect()) {
                server.close();
                return false;
            } catch (IOException nobody) {
                Files.deleteIfExists(place.socket());
                server.bind(address);
                return true;
            }
        }
    }

    private void watchIdle() {
        while (!stopping) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            if (active.get() == 0 && System.nanoTime() - idleSince > persist.toNanos()) {
                log("no run for " + persist.toSeconds() + " s: closing " + sessions.size() + " sessions");
                stop();
            }
        }
    }

    /** Ends the accept loop; {@link #serve()} then closes every session. */
    void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    private void shutDown() {
        stopping = true;
        requests.shutdownNow();
        for (Kept k : sessions.values()) k.session().close();
        sessions.clear();
        facts.clear();
        for (Connector c : connectors) c.close();
        connectors.clear();
        try {
            Files.deleteIfExists(place.socket());
        } catch (IOException e) {
            log("cannot remove " + place.socket() + ": " + e.getMessage());
        }
        log("stopped");
    }

    private void handle(SocketChannel c) {
        try (c) {
            // The folder already keeps others out; the kernel's word on who connected is checked too.
            if (!KeeperPlace.ours(c)) {
                log("refused a connection from another user");
                return;
            }
            InputStream in = KeeperWire.input(c);
            OutputStream out = new BufferedOutputStream(KeeperWire.output(c), 64 * 1024);
            Frame request = KeeperWire.read(in);
            switch (request.kind()) {
                case KeeperWire.CONNECT -> connect(request.body(), in, out);
                case KeeperWire.EXEC -> exec(request.body(), out);
                case KeeperWire.UPLOAD -> upload(request.body(), in, out);
                case KeeperWire.STATUS -> status(out);
                case KeeperWire.FACTS -> {
                    String key = request.body().str();
                    byte[] b = request.body().bytes();
                    if (sessions.containsKey(key) && b.length <= KeeperWire.MAX_FACTS) facts.put(key, b);
                    KeeperWire.write(out, KeeperWire.DONE, null);
                }
                case KeeperWire.CLOSE -> {
                    log("asked to close " + sessions.size() + " sessions");
                    KeeperWire.write(out, KeeperWire.DONE, null);
                    stop();
                }
                default -> log("unknown request " + request.kind());
            }
        } catch (IOException e) {
            // The deployer went away mid-request; what it asked for has ended or ends by itself.
        } catch (RuntimeException e) {
            log("request failed: " + e);
        } finally {
            idleSince = System.nanoTime();
            active.decrementAndGet();
        }
    }

    // ------------------------------------------------------------------ logins

    private void connect(Reader r, InputStream in, OutputStream out) throws IOException {
        persist = Duration.ofMillis(r.num());
        KnownHosts known = new KnownHosts(Path.of(r.str()));
        boolean acceptNew = r.bool();
        boolean canAsk = r.bool();
        boolean keys = r.bool();
        boolean interactive = r.bool();
        Duration timeout = Duration.ofMillis(r.num());
        int parallel = r.integer();
        List<Host> hosts = new ArrayList<>();
        for (int i = r.integer(); i > 0; i--) hosts.add(r.host());

        Redactor secrets = new Redactor();
        logins.add(secrets);
        try {
            login(hosts, known, acceptNew, canAsk, keys, timeout, parallel, new Conversation(in, out, hosts, secrets, interactive), secrets);
        } finally {
            secrets.forget();
            logins.remove(secrets);
        }
    }

    private void login(List<Host> hosts, KnownHosts known, boolean acceptNew, boolean canAsk, boolean keys,
                       Duration timeout, int parallel, Conversation conv, Redactor secrets) throws IOException {
        Map<Host, SshException> failed = new HashMap<>();
        List<Host> login = new ArrayList<>();
        for (Host h : hosts) {
            Kept k = sessions.get(KeeperWire.sessionKey(h));
            if (k != null && k.session().isOpen() && knownBy(known, h, k.session())) continue;
            if (k != null) sessions.remove(KeeperWire.sessionKey(h), k);
            if (k != null) k.session().close();
            login.add(h);
        }
        if (!login.isEmpty()) {
            // The post-quantum key pair is made again for each run's logins, as in a deployer of its own.
            RunKeyShare.renew();
            HostKeyPolicy policy = new HostKeyPolicy(known, acceptNew, canAsk ? conv::askHostKey : null);
            List<java.security.KeyPair> ids = keys
                    ? Credentials.loadKeys(Path.of(System.getProperty("user.home"), ".ssh"), n -> {}) : List.of();
            Credentials creds = new Credentials(ids, conv.passwords(), secrets);
            Connector connector = new Connector(new ConnectOptions(policy, creds, timeout, parallel, conv::notice, false));
            connectors.add(connector);
            Connections got = connector.connectAll(login);
            for (Map.Entry<Host, RemoteHost> e : got.sessions().entrySet()) {
                sessions.put(KeeperWire.sessionKey(e.getKey()), new Kept((HostSession) e.getValue(), connector));
            }
            for (HostFailure f : got.failures()) failed.put(f.host(), f.error());
            log("logged in to " + got.sessions().size() + " of " + login.size() + " hosts");
        }
        Writer w = new Writer().num(hosts.size());
        for (Host h : hosts) {
            SshException e = failed.get(h);
            w.bool(e == null);
            if (e != null) w.failure(e);
            else w.bytes(facts.getOrDefault(KeeperWire.sessionKey(h), new byte[0]));
        }
        conv.finish(w);
        dropIdleConnectors();
    }

    private static boolean knownBy(KnownHosts known, Host h, HostSession s) {
        try {
            return known.check(h.address(), h.port(), s.serverKey()).state() == KnownHosts.State.KNOWN;
        } catch (IOException e) {
            return false;
        }
    }

    /** A client none of whose sessions is kept any more is closed. */
    private void dropIdleConnectors() {
        for (Connector c : connectors) {
            if (sessions.values().stream().noneMatch(k -> k.connector() == c)) {
                connectors.remove(c);
                c.close();
            }
        }
    }

    /**
     * The questions a login asks the deployer (passwords, unknown host keys) and what it tells it
     * (notices), over one connection; answers are matched to questions by number, since hosts log in
     * in parallel.
     */
    private final class Conversation {
        private final InputStream in;
        private final OutputStream out;
        private final List<Host> hosts;
        private final Redactor secrets;
        private final boolean interactive;
        private final Map<Long, CompletableFuture<Reader>> pending = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private volatile boolean over;

        Conversation(InputStream in, OutputStream out, List<Host> hosts, Redactor secrets, boolean interactive) {
            this.in = in;
            this.out = out;
            this.hosts = hosts;
            this.secrets = secrets;
            this.interactive = interactive;
            Thread t = new Thread(this::readAnswers, "oml-keeper-answers");
            t.setDaemon(true);
            t.start();
        }

        private void readAnswers() {
            try {
                while (!over) {
                    Frame f = KeeperWire.read(in);
                    CompletableFuture<Reader> p = pending.remove(f.body().num());
                    if (p != null) p.complete(f.body());
                }
            } catch (IOException e) {
                // The deployer is gone: nobody answers the questions still open.
            } finally {
                over = true;
                pending.values().forEach(p -> p.complete(null));
            }
        }

        /** Sends a question and waits for its answer; null when the deployer went away. */
        private Reader ask(byte kind, Writer question, long id) {
            CompletableFuture<Reader> answer = new CompletableFuture<>();
            pending.put(id, answer);
            if (over || !send(kind, question)) {
                pending.remove(id);
                return null;
            }
            return answer.join();
        }

        private synchronized boolean send(byte kind, Writer w) {
            try {
                KeeperWire.write(out, kind, w);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        boolean askHostKey(Host h, String type, String fingerprint) {
            try {
                long id = ids.incrementAndGet();
                Reader a = ask(KeeperWire.ASK_HOST_KEY, new Writer().num(id).num(hosts.indexOf(h)).str(type).str(fingerprint), id);
                return a != null && a.bool();
            } catch (IOException e) {
                return false;
            }
        }

        PasswordPrompt passwords() {
            return new PasswordPrompt() {
                @Override
                public String ask(Host h, int attempt, String previousFailure) {
                    try {
                        long id = ids.incrementAndGet();
                        Reader a = Conversation.this.ask(KeeperWire.ASK_PASSWORD,
                                new Writer().num(id).num(hosts.indexOf(h)).num(attempt).str(previousFailure), id);
                        String pw = a == null ? null : a.str();
                        if (pw != null) secrets.add(pw);
                        return pw;
                    } catch (IOException e) {
                        return null;
                    }
                }

                @Override
                public void accepted(Host h, String password) {
                    try {
                        send(KeeperWire.ACCEPTED, new Writer().num(hosts.indexOf(h)));
                    } catch (IOException e) {
                        // Only a courtesy to the deployer's prompt.
                    }
                }

                @Override
                public boolean interactive() { return interactive; }
            };
        }

        /** Notices of the login go to the deployer; later ones (the run is over) only to the keeper's log. */
        void notice(String text) {
            try {
                if (over || !send(KeeperWire.NOTICE, new Writer().str(text))) log(text);
            } catch (IOException e) {
                log(text);
            }
        }

        void finish(Writer result) {
            send(KeeperWire.CONNECTED, result);
            over = true;
        }
    }

    // ------------------------------------------------------------------ commands and uploads

    /** The kept session of a host, or null (GONE sent) when there is none that is open. */
    private HostSession session(String key, OutputStream out) throws IOException {
        Kept k = sessions.get(key);
        if (k != null && k.session().isOpen()) return k.session();
        if (k != null) sessions.remove(key, k);
        KeeperWire.write(out, KeeperWire.GONE, null);
        return null;
    }

    private void exec(Reader r, OutputStream out) throws IOException {
        String key = r.str();
        String commandLine = r.str();
        byte[] stdin = r.bytes();
        Duration timeout = Duration.ofMillis(r.num());
        boolean lines = r.bool();
        HostSession s = session(key, out);
        if (s == null) return;
        Object lock = new Object();
        Consumer<OutputLine> onLine = !lines ? null : l -> {
            synchronized (lock) {
                try {
                    KeeperWire.write(out, KeeperWire.LINE, new Writer().bool(l.stderr()).str(l.text()));
                } catch (IOException e) {
                    // The deployer is gone; the command still runs to its end.
                }
            }
        };
        Writer result;
        byte kind;
        try {
            CommandResult res = s.exec(new RemoteCommand(commandLine, stdin, timeout, onLine));
            kind = KeeperWire.RESULT;
            result = new Writer().num(res.exitStatus()).str(res.stdout()).str(res.stderr());
        } catch (SshException e) {
            kind = KeeperWire.FAILED;
            result = new Writer().failure(e);
        }
        synchronized (lock) {
            KeeperWire.write(out, kind, result);
        }
    }

    private void upload(Reader r, InputStream in, OutputStream out) throws IOException {
        String key = r.str();
        String path = r.str();
        int mode = r.integer();
        String owner = r.str();
        String group = r.str();
        HostSession s = session(key, out);
        if (s == null) return;
        KeeperWire.write(out, KeeperWire.READY, null);
        KeeperWire.Content content = new KeeperWire.Content(in);
        byte kind;
        Writer result = null;
        try {
            s.upload(content, path, mode, owner, group);
            kind = KeeperWire.DONE;
        } catch (SshException e) {
            kind = KeeperWire.FAILED;
            result = new Writer().failure(e);
        } catch (IOException | RuntimeException e) {
            kind = KeeperWire.IO_FAILED;
            result = new Writer().str(String.valueOf(e.getMessage()));
        }
        // The deployer sends the whole content before it reads the answer.
        content.drain();
        KeeperWire.write(out, kind, result);
    }

    private void status(OutputStream out) throws IOException {
        Writer w = new Writer().num(persist.toMillis()).num(sessions.size());
        for (Map.Entry<String, Kept> e : sessions.entrySet()) {
            w.str(e.getValue().session().host().label()).str(e.getKey()).bool(e.getValue().session().isOpen());
        }
        KeeperWire.write(out, KeeperWire.SESSIONS, w);
    }

    /** A line in the keeper's log, masked like everything the deployer prints. */
    void log(String text) {
        String masked = text;
        for (Redactor r : logins) masked = r.redact(masked);
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + masked);
        System.out.flush();
    }
}
