package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.SshException.Cause;

/**
 * The one SSH session to a host for the whole run. Commands run on channels of it, up to
 * {@value #MAX_CHANNELS} at once (OpenSSH allows 10 per connection). When the session drops it is re-opened
 * on next use, {@value #RECONNECT_TRIES} tries with a growing pause, and the operator is told; a command that
 * was running when it dropped fails with {@link Cause#SESSION_DROPPED} and is never run again behind the
 * caller's back. Thread-safe.
 */
public final class HostSession implements RemoteHost {
    /** Channels open at once; below OpenSSH's MaxSessions of 10, leaving room for a clean-up channel. */
    static final int MAX_CHANNELS = 8;
    static final int RECONNECT_TRIES = 3;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Environment variable that marks the processes of one command. */
    static final String RUN_TAG = "OML_DEPLOY_RUN";

    /** Opens a new logged-in session to the same host, as the first one was. */
    @FunctionalInterface
    interface Reopen {
        ClientSession open() throws SshException;
    }

    private final Host host;
    private final Reopen reopen;
    private final Consumer<String> notices;
    private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
    private final AtomicLong roundTrips = new AtomicLong();
    private final Object reconnectLock = new Object();
    /** Temporary files left by uploads cut off with the session; removed once a new session is up. */
    private final List<String> strayTemps = new CopyOnWriteArrayList<>();
    private volatile ClientSession session;
    private volatile boolean closed;

    HostSession(Host host, ClientSession session, Reopen reopen, Consumer<String> notices) {
        this.host = host;
        this.reopen = reopen;
        this.notices = notices;
        watch(session);
        this.session = session;
    }

    @Override
    public Host host() { return host; }

    /** True while the session is up and not closed by us (a dropped one is re-opened only on next use). */
    boolean isOpen() { return !closed && session.isOpen(); }

    /** The host key the session was verified with. */
    java.security.PublicKey serverKey() { return session.getServerKey(); }

    @Override
    public long roundTrips() { return roundTrips.get(); }

    /** The key exchange the session agreed on with the host, e.g. sntrup761x25519-sha512@openssh.com. */
    String keyExchange() {
        return session.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.ALGORITHMS);
    }

    @Override
    public CommandResult exec(RemoteCommand command) throws SshException {
        acquire();
        try {
            ClientSession s = live();
            roundTrips.incrementAndGet();
            return run(s, command, true);
        } finally {
            channels.release();
        }
    }

    /**
     * Runs a command on a channel of {@code s}; the caller holds a channel permit (or is a clean-up). The
     * command's processes carry a tag in their environment so that a timeout can find and kill all of them.
     */
    private CommandResult run(ClientSession s, RemoteCommand command, boolean killOnTimeout) throws SshException {
        OutputLines out = new OutputLines(false, command.onLine());
        OutputLines err = new OutputLines(true, command.onLine());
        String tag = HexFormat.of().formatHex(randomBytes(8));
        ChannelExec channel;
        try {
            channel = s.createExecChannel(Shell.command("export", RUN_TAG + "=" + tag) + "; " + command.commandLine());
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(OPEN_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            throw failure(s, e, "could not start the command");
        }
        try {
            try (OutputStream in = channel.getInvertedIn()) {
                byte[] stdin = command.stdin();
                if (stdin != null && stdin.length > 0) in.write(stdin);
            } catch (IOException e) {
                // A command may exit without reading its input; its exit status tells the rest.
                if (!s.isOpen()) throw dropped(e, "while sending the command's input");
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), command.timeout());
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                channel.close(true);
                if (killOnTimeout) killTagged(s, tag);
                throw new SshException(Cause.TIMEOUT_COMMAND, host.label(),
                        "after " + command.timeout().toSeconds() + " s: " + abbreviate(command.commandLine()), null);
            }
            out.finish();
            err.finish();
            Integer status = channel.getExitStatus();
            if (status == null) {
                String signal = channel.getExitSignal();
                if (signal != null) status = 128 + signalNumber(signal);
                else if (!s.isOpen()) throw dropped(null, "while running: " + abbreviate(command.commandLine()));
                else throw new SshException(Cause.OTHER, host.label(), "the command ended without an exit status", null);
            }
            return new CommandResult(status, out.text(), err.text());
        } finally {
            channel.close(true);
        }
    }

    /**
     * Kills every process of a timed-out command, children included, by the tag in its environment. Closing
     * the channel is not enough: a command without a terminal keeps running, and OpenSSH refuses the "signal"
     * request for root sessions.
     */
    private void killTagged(ClientSession s, String tag) {
        String script = "for p in /proc/[0-9]*; do\n"
                + "  if grep -qzxF " + Shell.quote(RUN_TAG + "=" + tag) + " \"$p/environ\" 2>/dev/null; then kill -KILL \"${p#/proc/}\" 2>/dev/null; fi\n"
                + "done\n";
        try {
            run(s, RemoteCommand.script(script).withTimeout(KILL_TIMEOUT), false);
        } catch (SshException e) {
            notices.accept(host.label() + ": could not stop a timed-out command; it may still run: " + e.getMessage());
        }
    }

    @Override
    public void upload(InputStream content, String remotePath, int mode, String owner, String group) throws SshException, IOException {
        checkUpload(remotePath, mode);
        int slash = remotePath.lastIndexOf('/');
        String dir = slash == 0 ? "/" : remotePath.substring(0, slash);
        String temp = (slash == 0 ? "" : dir) + "/." + remotePath.substring(slash + 1) + ".oml-tmp-" + HexFormat.of().formatHex(randomBytes(6));
        String sha256;
        acquire();
        try {
            ClientSession s = live();
            roundTrips.incrementAndGet();
            sha256 = send(s, content, temp, remotePath);
        } finally {
            channels.release();
        }
        CommandResult r;
        try {
            r = exec(RemoteCommand.script(installScript(temp, remotePath, mode, owner, group, sha256)));
        } catch (SshException e) {
            strayTemps.add(temp);
            throw e;
        }
        if (!r.ok()) {
            throw new SshException(Cause.TRANSFER_FAILED, host.label(), remotePath + ": " + r.stderr().strip() + " (the target is unchanged)", null);
        }
    }

    /** What every upload's target must be: an absolute file path, and permission bits. */
    static void checkUpload(String remotePath, int mode) {
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) throw new IllegalArgumentException("not an absolute file path: " + remotePath);
        if (mode < 0 || mode > 07777) throw new IllegalArgumentException("not a file mode: " + Integer.toOctalString(mode));
    }

    /** Streams the content into {@code temp} (created 0600, exclusively) and returns its SHA-256 in hex. */
    private String send(ClientSession s, InputStream content, String temp, String target) throws SshException, IOException {
        MessageDigest sha = sha256();
        boolean created = false;
        SftpClient sftp = null;
        try {
            sftp = SftpClientFactory.instance().createSftpClient(s);
            CloseableHandle handle = sftp.open(temp, EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive));
            created = true;
            // Nobody else may read it while it is written: the content may be a secret.
            sftp.setStat(handle, new SftpClient.Attributes().perms(0600));
            try (OutputStream out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, 0, temp, handle, true)) {
                byte[] buf = new byte[64 * 1024];
                for (int n = readLocal(content, buf); n >= 0; n = readLocal(content, buf)) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (LocalReadFailure e) {
            removeTemp(s, sftp, created, temp);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            if (!s.isOpen()) {
                if (created) strayTemps.add(temp);
                throw dropped(e, "during the upload of " + target + "; the target is unchanged");
            }
            String free = freeSpace(s, temp.substring(0, temp.lastIndexOf('/') + 1));
            removeTemp(s, sftp, created, temp);
            throw new SshException(Cause.TRANSFER_FAILED, host.label(), target + ": " + e.getMessage() + free + " (the target is unchanged)", e);
        } finally {
            if (sftp != null) {
                try {
                    sftp.close();
                } catch (IOException e) {
                    // The transfer's outcome is already decided.
                }
            }
        }
    }

    /** ", N KiB free on MOUNT" for the folder of a failed transfer (SFTP says only "Failure" when the disk is full); empty when unknown. */
    private String freeSpace(ClientSession s, String dir) {
        try {
            CommandResult r = run(s, RemoteCommand.script(Shell.command("df", "-P", "-k", "--", dir) + " | awk 'NR == 2 { print $4 \" KiB free on \" $6 }'")
                    .withTimeout(KILL_TIMEOUT), false);
            String free = r.stdout().strip();
            return r.ok() && !free.isEmpty() ? ", " + free : "";
        } catch (SshException e) {
            return "";
        }
    }

    private void removeTemp(ClientSession s, SftpClient sftp, boolean created, String temp) {
        if (!created || sftp == null) return;
        try {
            sftp.remove(temp);
        } catch (IOException e) {
            if (!s.isOpen()) strayTemps.add(temp);
        }
    }

    /** A failure reading the local content, told apart from a failure writing to the host. */
    private static final class LocalReadFailure extends IOException {
        LocalReadFailure(IOException cause) { super(cause); }

        @Override public synchronized IOException getCause() { return (IOException) super.getCause(); }
    }

    private static int readLocal(InputStream in, byte[] buf) throws LocalReadFailure {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new LocalReadFailure(e);
        }
    }

    /**
     * The host side of an upload, one round trip: fsync the temporary file, set owner and mode, compare the
     * checksum, then rename over the target, or write in place when the target is a bind mount (rename gives
     * EBUSY, as for /etc/hosts in a container). Any failure removes the temporary file and leaves the target.
     */
    static String installScript(String temp, String target, int mode, String owner, String group, String sha256) {
        String q = Shell.quote(temp);
        String t = Shell.quote(target);
        List<String> lines = new ArrayList<>();
        lines.add("fail() { rm -f -- " + q + "; printf '%s\\n' \"$*\" >&2; exit 1; }");
        lines.add("sync -- " + q + " || fail 'fsync failed'");
        String chown = ownership(owner, group);
        if (chown != null) lines.add(chown + " " + q + " || fail 'cannot set the owner'");
        lines.add(Shell.command("chmod", "--", String.format("%04o", mode)) + " " + q + " || fail 'cannot set the mode'");
        lines.add("sum=$(sha256sum < " + q + ") || fail 'cannot read back the file'");
        lines.add("[ \"${sum%% *}\" = " + Shell.quote(sha256) + " ] || fail 'checksum mismatch: the file arrived damaged'");
        lines.add("if out=$(LC_ALL=C mv -f -- " + q + " " + t + " 2>&1); then exit 0; fi");
        lines.add("case $out in *'Device or resource busy'*) ;; *) fail \"$out\" ;; esac");
        // A bind-mounted target cannot be replaced, only rewritten.
        lines.add("cat -- " + q + " > " + t + " || fail 'in-place write failed'");
        if (chown != null) lines.add(chown + " " + t + " || fail 'cannot set the owner'");
        lines.add(Shell.command("chmod", "--", String.format("%04o", mode)) + " " + t + " || fail 'cannot set the mode'");
        lines.add("rm -f -- " + q);
        return String.join("\n", lines) + "\n";
    }

    private static String ownership(String owner, String group) {
        if (owner != null && group != null) return Shell.command("chown", "--", owner + ":" + group);
        if (owner != null) return Shell.command("chown", "--", owner);
        if (group != null) return Shell.command("chgrp", "--", group);
        return null;
    }

    /** The current session, or a new one when it dropped. */
    private ClientSession live() throws SshException {
        ClientSession s = session;
        if (s.isOpen() && !closed) return s;
        synchronized (reconnectLock) {
            if (closed) throw new SshException(Cause.OTHER, host.label(), "the session was closed", null);
            s = session;
            if (s.isOpen()) return s;
            SshException last = null;
            for (int attempt = 1; attempt <= RECONNECT_TRIES; attempt++) {
                if (attempt > 1) pause(RECONNECT_PAUSE.multipliedBy(1L << (attempt - 2)));
                try {
                    s = reopen.open();
                    watch(s);
                    session = s;
                    notices.accept(host.label() + ": SSH session re-opened" + (attempt > 1 ? " after " + attempt + " tries" : ""));
                    removeStrayTemps(s);
                    return s;
                } catch (SshException e) {
                    last = e;
                    if (!worthRetrying(e.kind())) break;
                }
            }
            throw new SshException(Cause.SESSION_DROPPED, host.label(), "could not re-open it: " + last.getMessage(), last.fix(), last);
        }
    }

    private static boolean worthRetrying(Cause c) {
        return c == Cause.CONNECTION_REFUSED || c == Cause.TIMED_OUT || c == Cause.HOST_UNREACHABLE || c == Cause.OTHER || c == Cause.SESSION_DROPPED;
    }

    private void removeStrayTemps(ClientSession s) {
        if (strayTemps.isEmpty()) return;
        List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
        List<String> temps = List.copyOf(strayTemps);
        argv.addAll(temps);
        try {
            // Outside the channel permits: callers waiting for this reconnection may hold them all.
            if (run(s, RemoteCommand.of(argv), false).ok()) strayTemps.removeAll(temps);
        } catch (SshException e) {
            notices.accept(host.label() + ": could not remove the temporary files of a cut-off upload: " + String.join(" ", temps));
        }
    }

    /** Tells the operator when the session drops by itself. */
    private void watch(ClientSession s) {
        s.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session closedSession) {
                if (!closed) notices.accept(host.label() + ": the SSH session dropped; it is re-opened on next use");
            }
        });
    }

    private SshException failure(ClientSession s, Exception e, String what) {
        if (!s.isOpen()) return dropped(e, what);
        return new SshException(Cause.OTHER, host.label(), what + ": " + e.getMessage(), e);
    }

    private SshException dropped(Exception e, String what) {
        return new SshException(Cause.SESSION_DROPPED, host.label(), what, e);
    }

    private void acquire() throws SshException {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(Cause.OTHER, host.label(), "interrupted", e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String abbreviate(String commandLine) {
        return commandLine.length() <= 80 ? commandLine : commandLine.substring(0, 77) + "...";
    }

    /** Exit status a shell would give for a command killed by this signal. */
    static int signalNumber(String name) {
        return switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "ABRT" -> 6;
            case "KILL" -> 9;
            case "SEGV" -> 11;
            case "PIPE" -> 13;
            case "ALRM" -> 14;
            case "TERM" -> 15;
            default -> 127;
        };
    }

    /** Closes the session; commands still running fail. */
    @Override
    public void close() {
        closed = true;
        ClientSession s = session;
        try {
            if (!s.close(false).await(Duration.ofSeconds(2))) s.close(true);
        } catch (IOException | RuntimeException e) {
            s.close(true);
        }
    }
}
