package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.KeeperWire.Frame;
import org.omnileads.deploy.ssh.KeeperWire.Reader;
import org.omnileads.deploy.ssh.KeeperWire.Writer;
import org.omnileads.deploy.ssh.RemoteCommand.OutputLine;
import org.omnileads.deploy.ssh.SshException.Cause;

/**
 * A host whose session the {@link SessionKeeper} holds: each command and upload is one request to
 * the keeper, which runs it on the session as a {@link HostSession} of this process would (same
 * timeouts, same failures). A session that ended since the keeper's last use is logged in to again
 * once, before the command starts; one that ends during a command fails it as a dropped session.
 */
final class KeptHost implements RemoteHost {
    private static final int CHUNK = 64 * 1024;

    private final Host host;
    private final String key;
    private final KeptSessions keeper;
    private final AtomicLong roundTrips = new AtomicLong();
    /** This process's own session, when the keeper could not be had any more. */
    private volatile RemoteHost own;
    /** What the keeper remembered of the host's facts, and what this run hands back. */
    private volatile byte[] facts;
    private volatile boolean factsChanged;

    KeptHost(Host host, KeptSessions keeper, byte[] facts) {
        this.host = host;
        this.key = KeeperWire.sessionKey(host);
        this.keeper = keeper;
        this.facts = facts == null || facts.length == 0 ? null : facts;
    }

    @Override
    public byte[] knownFacts() { return facts; }

    @Override
    public void knownFacts(byte[] b) {
        facts = b;
        factsChanged = true;
    }

    @Override
    public Host host() { return host; }

    @Override
    public long roundTrips() { return roundTrips.get() + (own == null ? 0 : own.roundTrips()); }

    @Override
    public CommandResult exec(RemoteCommand command) throws SshException {
        for (int attempt = 1; ; attempt++) {
            if (own != null) return own.exec(command);
            SocketChannel ch = reach(attempt);
            if (ch == null) continue;
            roundTrips.incrementAndGet();
            try (ch) {
                OutputStream out = KeeperWire.output(ch);
                InputStream in = KeeperWire.input(ch);
                byte[] stdin = command.stdin() == null ? new byte[0] : command.stdin();
                KeeperWire.write(out, KeeperWire.EXEC, new Writer().str(key).str(command.commandLine()).bytes(stdin)
                        .num(command.timeout().toMillis()).bool(command.onLine() != null));
                while (true) {
                    Frame f = KeeperWire.read(in);
                    Reader r = f.body();
                    switch (f.kind()) {
                        case KeeperWire.LINE -> {
                            boolean stderr = r.bool();
                            command.onLine().accept(new OutputLine(r.str(), stderr));
                        }
                        case KeeperWire.RESULT -> {
                            int status = r.integer();
                            return new CommandResult(status, r.str(), r.str());
                        }
                        case KeeperWire.FAILED -> throw r.failure();
                        case KeeperWire.GONE -> {
                            roundTrips.decrementAndGet();
                            again(attempt);
                        }
                        default -> throw new IOException("unexpected frame " + f.kind());
                    }
                    if (f.kind() == KeeperWire.GONE) break;
                }
            } catch (IOException e) {
                throw lost(e, "while running: " + command.commandLine());
            }
        }
    }

    @Override
    public void upload(InputStream content, String remotePath, int mode, String owner, String group) throws SshException, IOException {
        HostSession.checkUpload(remotePath, mode);
        for (int attempt = 1; ; attempt++) {
            if (own != null) {
                own.upload(content, remotePath, mode, owner, group);
                return;
            }
            SocketChannel ch = reach(attempt);
            if (ch == null) continue;
            try (ch) {
                OutputStream out = KeeperWire.output(ch);
                InputStream in = KeeperWire.input(ch);
                KeeperWire.write(out, KeeperWire.UPLOAD, new Writer().str(key).str(remotePath).num(mode).str(owner).str(group));
                Frame ready = KeeperWire.read(in);
                if (ready.kind() == KeeperWire.GONE) {
                    again(attempt);
                    continue;
                }
                if (ready.kind() != KeeperWire.READY) throw new IOException("unexpected frame " + ready.kind());
                // The transfer, and the host's install step once it went through, as a HostSession counts them.
                roundTrips.incrementAndGet();
                IOException local = send(content, out);
                Frame f = KeeperWire.read(in);
                switch (f.kind()) {
                    case KeeperWire.DONE -> {
                        roundTrips.incrementAndGet();
                        return;
                    }
                    case KeeperWire.FAILED -> throw f.body().failure();
                    case KeeperWire.IO_FAILED -> throw local != null ? local : new IOException(f.body().str());
                    default -> throw new IOException("unexpected frame " + f.kind());
                }
            } catch (IOException e) {
                if (e instanceof LocalRead l) throw l.getCause();
                throw lost(e, "during the upload of " + remotePath);
            }
        }
    }

    /** Sends the content; a failure to read it is returned (and the keeper told to give up), a failure to write thrown. */
    private static IOException send(InputStream content, OutputStream out) throws IOException {
        byte[] buf = new byte[CHUNK];
        while (true) {
            int n;
            try {
                n = content.read(buf);
            } catch (IOException e) {
                KeeperWire.write(out, KeeperWire.ABORT, new Writer().str(e.getMessage()));
                return new LocalRead(e);
            }
            if (n < 0) {
                KeeperWire.write(out, KeeperWire.END, null);
                return null;
            }
            if (n > 0) KeeperWire.write(out, KeeperWire.DATA, new Writer().bytes(Arrays.copyOf(buf, n)));
        }
    }

    /** A failure to read the local content, told apart from the keeper's. */
    private static final class LocalRead extends IOException {
        LocalRead(IOException cause) { super(cause); }

        @Override public synchronized IOException getCause() { return (IOException) super.getCause(); }
    }

    /** A connection to the keeper; null after logging in again when it did not answer (it has ended). */
    private SocketChannel reach(int attempt) throws SshException {
        try {
            return keeper.place().connect();
        } catch (IOException e) {
            again(attempt);
            return null;
        }
    }

    /** The keeper has no session of this host (or no keeper runs): one new login, then the request again. */
    private void again(int attempt) throws SshException {
        if (attempt > 1) {
            throw new SshException(Cause.SESSION_DROPPED, host.label(), "the kept session ended and the new one too", null);
        }
        own = keeper.loginAgain(host);
    }

    private SshException lost(IOException e, String what) {
        return new SshException(Cause.SESSION_DROPPED, host.label(), "the session keeper stopped " + what,
                "look at " + keeper.place().log() + ", then run again with --resume", e);
    }

    /** The session stays with the keeper for the next run, with what this run learned of the host's facts. */
    @Override
    public void close() {
        RemoteHost o = own;
        if (o != null) o.close();
        byte[] b = facts;
        if (!factsChanged || b == null || b.length > KeeperWire.MAX_FACTS) return;
        factsChanged = false;
        try (SocketChannel ch = keeper.place().connect()) {
            KeeperWire.write(KeeperWire.output(ch), KeeperWire.FACTS, new Writer().str(key).bytes(b));
            KeeperWire.read(KeeperWire.input(ch));
        } catch (IOException e) {
            // Only a help for the next run, which then probes everything.
        }
    }
}
