package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.KeeperWire.Frame;
import org.omnileads.deploy.ssh.KeeperWire.Reader;
import org.omnileads.deploy.ssh.KeeperWire.Writer;
import org.omnileads.deploy.ssh.SshException.Cause;

/**
 * {@code --keep-sessions}: the run's host sessions are the user's {@link SessionKeeper}'s, which
 * keeps them open for {@code keep} after their last use, so that the next run within that time
 * logs in to nobody (OpenSSH's ControlPersist, which Ansible runs with). The keeper is started when
 * none listens. Passwords and unknown host keys are asked here, as by the {@link Connector}, and
 * only the answers go to the keeper. When no keeper can be had, the run logs in by itself and says
 * so.
 */
public final class KeptSessions implements HostConnector {
    /** How long a keeper that was just started may take to listen. */
    private static final Duration START_WAIT = Duration.ofSeconds(20);

    private final ConnectOptions options;
    private final KeeperPlace place;
    private final Duration keep;
    private Connector direct;

    KeptSessions(ConnectOptions options, KeeperPlace place, Duration keep) {
        this.options = options;
        this.place = place;
        this.keep = keep;
    }

    @Override
    public Connections connectAll(List<Host> hosts) {
        SocketChannel ch;
        try {
            ch = reach();
        } catch (IOException e) {
            options.notices().accept("sessions are not kept after this run: " + e.getMessage());
            if (direct == null) direct = new Connector(options);
            return direct.connectAll(hosts);
        }
        try (ch) {
            return converse(ch, hosts);
        } catch (IOException e) {
            List<HostFailure> failures = new ArrayList<>();
            for (Host h : hosts) {
                failures.add(new HostFailure(h, new SshException(Cause.OTHER, h.label(), "the session keeper stopped during the login: " + e.getMessage(),
                        "look at " + place.log() + ", then run again", e)));
            }
            return new Connections(Map.of(), failures);
        }
    }

    /** A connection to the keeper, started when none listens. */
    private SocketChannel reach() throws IOException {
        place.prepare();
        try {
            return place.connect();
        } catch (IOException nobody) {
            place.start();
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try {
                return place.connect();
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the session keeper did not start within " + START_WAIT.toSeconds() + " s (see " + place.log() + ")");
                }
                pause(20);
            }
        }
    }

    /** The login conversation: the keeper asks, this process answers from the operator's credentials. */
    private Connections converse(SocketChannel ch, List<Host> hosts) throws IOException {
        InputStream in = KeeperWire.input(ch);
        OutputStream out = KeeperWire.output(ch);
        HostKeyPolicy policy = options.hostKeys();
        Credentials creds = options.credentials();
        Writer req = new Writer().num(keep.toMillis()).str(policy.knownHosts().file().toString()).bool(policy.acceptNew())
                .bool(policy.prompt() != null).bool(!creds.keys().isEmpty()).bool(creds.passwords().interactive())
                .num(options.connectTimeout().toMillis()).num(options.parallel()).num(hosts.size());
        for (Host h : hosts) req.host(h);
        KeeperWire.write(out, KeeperWire.CONNECT, req);
        Map<Integer, String> answered = new HashMap<>();
        while (true) {
            Frame f = KeeperWire.read(in);
            Reader r = f.body();
            switch (f.kind()) {
                case KeeperWire.ASK_PASSWORD -> {
                    long id = r.num();
                    int index = r.integer();
                    int attempt = r.integer();
                    String previous = r.str();
                    String pw = creds.passwords().ask(hosts.get(index), attempt, previous);
                    if (pw != null) creds.redactor().add(pw);
                    answered.put(index, pw);
                    KeeperWire.write(out, KeeperWire.PASSWORD, new Writer().num(id).str(pw));
                }
                case KeeperWire.ACCEPTED -> {
                    int index = r.integer();
                    creds.passwords().accepted(hosts.get(index), answered.get(index));
                }
                case KeeperWire.ASK_HOST_KEY -> {
                    long id = r.num();
                    Host h = hosts.get(r.integer());
                    String type = r.str();
                    String fingerprint = r.str();
                    boolean yes = policy.prompt() != null && policy.prompt().accept(h, type, fingerprint);
                    KeeperWire.write(out, KeeperWire.ANSWER, new Writer().num(id).bool(yes));
                }
                case KeeperWire.NOTICE -> options.notices().accept(r.str());
                case KeeperWire.CONNECTED -> {
                    return connections(hosts, r);
                }
                default -> throw new IOException("unexpected frame " + f.kind() + " from the session keeper");
            }
        }
    }

    private Connections connections(List<Host> hosts, Reader r) throws IOException {
        int n = r.integer();
        if (n != hosts.size()) throw new IOException("the session keeper answered for " + n + " hosts, not " + hosts.size());
        Map<Host, RemoteHost> sessions = new LinkedHashMap<>();
        List<HostFailure> failures = new ArrayList<>();
        for (Host h : hosts) {
            if (r.bool()) sessions.put(h, new KeptHost(h, this, r.bytes()));
            else failures.add(new HostFailure(h, r.failure()));
        }
        return new Connections(sessions, failures);
    }

    KeeperPlace place() { return place; }

    /**
     * Logs in to one host again, the keeper's session of it having ended: the new session is the
     * keeper's, or, when no keeper can be had any more, this process's own (returned then).
     */
    RemoteHost loginAgain(Host h) throws SshException {
        Connections c = connectAll(List.of(h));
        if (!c.failures().isEmpty()) throw c.failures().get(0).error();
        RemoteHost again = c.sessions().get(h);
        options.notices().accept(h.label() + ": the kept session had ended; logged in again");
        return again instanceof KeptHost ? null : again;
    }

    /** Closes only what this process opened by itself; the keeper's sessions stay for the next run. */
    @Override
    public void close() {
        if (direct != null) direct.close();
    }

    /** What the user's keeper holds now, one line per session; empty when no keeper runs. */
    public static List<String> status() throws IOException { return status(KeeperPlace.forUser()); }

    static List<String> status(KeeperPlace place) throws IOException {
        List<String> lines = new ArrayList<>();
        place.prepare();
        SocketChannel ch;
        try {
            ch = place.connect();
        } catch (IOException none) {
            return lines;
        }
        try (ch) {
            KeeperWire.write(KeeperWire.output(ch), KeeperWire.STATUS, null);
            Frame f = KeeperWire.read(KeeperWire.input(ch));
            Reader r = f.body();
            long keepMillis = r.num();
            for (int i = r.integer(); i > 0; i--) {
                String label = r.str();
                String key = r.str();
                boolean open = r.bool();
                lines.add(label + "  " + key + "  " + (open ? "open" : "closed") + ", kept " + keepMillis / 1000 + " s after the last run");
            }
        }
        return lines;
    }

    /** Tells the user's keeper to close every session and end; false when none runs. */
    public static boolean closeAll() throws IOException { return closeAll(KeeperPlace.forUser()); }

    static boolean closeAll(KeeperPlace place) throws IOException {
        place.prepare();
        boolean any = false;
        // Every keeper in the folder, also one of an earlier build of the deployer.
        for (java.nio.file.Path socket : place.sockets()) {
            try (SocketChannel ch = KeeperPlace.connect(socket)) {
                KeeperWire.write(KeeperWire.output(ch), KeeperWire.CLOSE, null);
                KeeperWire.read(KeeperWire.input(ch));
                any = true;
            } catch (IOException gone) {
                // Nobody listens there any more.
            }
        }
        return any;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
