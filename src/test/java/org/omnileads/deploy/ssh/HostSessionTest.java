package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.RemoteCommand.OutputLine;
import org.omnileads.deploy.ssh.SshException.Cause;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** The transport on real hosts: commands, uploads, logins, host keys, dropped sessions. */
@Tag("hosts")
class HostSessionTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "sess");

    @TempDir static Path dir;
    static final List<String> notices = new CopyOnWriteArrayList<>();
    static Connector connector;
    static HostSession one;
    static TestHost h1;

    @BeforeAll
    static void connect() throws Exception {
        TestLogins.quietLogs();
        TestLogins.remember(HOSTS.all());
        h1 = HOSTS.get(0);
        connector = TestLogins.connector(dir.resolve("known_hosts"), TestLogins.rightPasswords(), notices::add);
        one = connector.connect(h1.asInventoryHost());
    }

    @AfterAll
    static void close() {
        if (connector != null) connector.close();
    }

    @Test
    void thePostQuantumKeyExchangeWithTheRunsKeyPairIsWhatOpenSshAgreesTo() throws Exception {
        assertTrue(one.keyExchange().startsWith("sntrup761x25519-sha512"), one.keyExchange() + ": Debian 12's sshd offers it; ours must work with it");
        try (HostSession two = connector.connect(HOSTS.get(1).asInventoryHost())) {
            assertEquals(one.keyExchange(), two.keyExchange());
            assertEquals("ok\n", two.exec(RemoteCommand.of("echo", "ok")).stdout(), "a second host, same key pair, its own session keys");
        }
    }

    @Test
    void outputStreamsAsLinesWhileTheCommandRunsAndTheExitStatusComesBack() throws Exception {
        long start = System.nanoTime();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicLong firstLineAt = new AtomicLong();
        long before = one.roundTrips();
        CommandResult r = one.exec(RemoteCommand.of("sh", "-c", "echo one; echo two >&2; sleep 1; echo three; exit 3")
                .onLine((OutputLine l) -> {
                    firstLineAt.compareAndSet(0, System.nanoTime() - start);
                    seen.add((l.stderr() ? "err:" : "out:") + l.text());
                }));
        assertEquals(3, r.exitStatus());
        assertEquals("one\nthree\n", r.stdout());
        assertEquals("two\n", r.stderr());
        assertTrue(seen.containsAll(List.of("out:one", "err:two", "out:three")), seen.toString());
        assertTrue(firstLineAt.get() < Duration.ofMillis(900).toNanos(), "the first line came only at the end");
        assertEquals(before + 1, one.roundTrips());
    }

    @Test
    void standardInputReachesTheCommandAndEnds() throws Exception {
        String text = "line 1\nñandú ' \" $ ` \\\n";
        CommandResult r = one.exec(RemoteCommand.of("cat").withStdin(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(text, r.stdout());
        assertEquals("hi\n", one.exec(RemoteCommand.script("echo hi")).stdout());
    }

    @Test
    void aCommandOverItsTimeIsKilledAndReported() {
        long start = System.nanoTime();
        SshException e = assertThrows(SshException.class,
                () -> one.exec(RemoteCommand.of("sleep", "37").withTimeout(Duration.ofSeconds(1))));
        assertEquals(Cause.TIMEOUT_COMMAND, e.kind());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        TestLogins.sleep(300);
        String ps = h1.execInside("ps", "-eo", "args=").getStdout();
        assertFalse(ps.lines().anyMatch(l -> l.equals("sleep 37")), "the command still runs:\n" + ps
                + h1.execInside("journalctl", "-u", "ssh", "--no-pager", "-n", "30").getStdout());
    }

    @Test
    void eightCommandsRunAtOnceOnOneSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long start = System.nanoTime();
            List<Future<CommandResult>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) runs.add(pool.submit(() -> one.exec(RemoteCommand.of("sleep", "1"))));
            for (Future<CommandResult> f : runs) assertTrue(f.get().ok());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 4000, "8 x sleep 1 took " + ms + " ms (one after another: 8 s)");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void quotingSurvivesARealShell() throws Exception {
        List<String> nasty = List.of("", " ", "plain", "a b", "it's", "\"double\"", "$HOME", "`id`", "$(id)", "\\", "a\\'b",
                ";", "&&", "|", "*", "~", "#x", "!x", "-n", "--", "tab\there", "new\nline", "ñandú €", "'", "''", "\\'");
        for (String s : nasty) {
            assertEquals(s, one.exec(RemoteCommand.of("printf", "%s", s)).stdout(), "printf of [" + s + "]");
            String twice = Shell.command("sh", "-c", Shell.command("printf", "%s", s));
            assertEquals(s, one.exec(RemoteCommand.of("sh", "-c", twice)).stdout(), "nested [" + s + "]");
        }
    }

    @Test
    void uploadReplacesTheFileWithOwnerModeAndNoTemporaryLeft() throws Exception {
        one.exec(RemoteCommand.of("mkdir", "-p", "/root/up"));
        one.exec(RemoteCommand.script("printf old > /root/up/conf.txt"));
        long before = one.roundTrips();
        one.upload(new ByteArrayInputStream("new content\n".getBytes(StandardCharsets.UTF_8)), "/root/up/conf.txt", 0640, "root", "daemon");
        assertEquals(before + 2, one.roundTrips(), "an upload is the transfer and one finishing command");
        assertEquals("new content\n", h1.execInside("cat", "/root/up/conf.txt").getStdout());
        assertEquals("640 root daemon", h1.execInside("stat", "-c", "%a %U %G", "/root/up/conf.txt").getStdout().strip());
        assertEquals("conf.txt", h1.execInside("ls", "-A", "/root/up").getStdout().strip());
    }

    @Test
    void uploadToABindMountedEtcHostsWritesInPlace() throws Exception {
        String old = h1.execInside("cat", "/etc/hosts").getStdout();
        assertEquals(0, h1.execInside("mountpoint", "-q", "/etc/hosts").getExitCode(), "the test needs /etc/hosts to be a bind mount");
        String wanted = old + "10.1.2.3 oml-upload-test\n";
        try {
            one.upload(new ByteArrayInputStream(wanted.getBytes(StandardCharsets.UTF_8)), "/etc/hosts", 0644, null, null);
            assertEquals(wanted, h1.execInside("cat", "/etc/hosts").getStdout());
            assertFalse(h1.execInside("ls", "-A", "/etc").getStdout().contains("oml-tmp"));
        } finally {
            one.upload(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)), "/etc/hosts", 0644, null, null);
        }
    }

    @Test
    void largeUploadStreamsAndArrivesWhole() throws Exception {
        long size = 48L * 1024 * 1024 + 17;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new Pattern(size, sha, null)) {
            one.upload(in, "/root/big.bin", 0600, null, null);
        }
        String remote = h1.execInside("sha256sum", "/root/big.bin").getStdout().split(" ")[0];
        assertEquals(HexFormat.of().formatHex(sha.digest()), remote);
    }

    @Test
    void anUploadCutOffMidwayLeavesTheOldFileAndNoTemporary() throws Exception {
        one.exec(RemoteCommand.script("mkdir -p /root/cut && printf 'old content' > /root/cut/target.txt"));
        notices.clear();
        Runnable cut = () -> CompletableFuture.runAsync(() -> TestLogins.cutConnections(h1));
        SshException e;
        try (InputStream in = new Pattern(1L << 30, null, cut)) {
            e = assertThrows(SshException.class, () -> one.upload(in, "/root/cut/target.txt", 0644, null, null));
        }
        assertEquals(Cause.SESSION_DROPPED, e.kind(), e.getMessage());
        assertEquals("old content", h1.execInside("cat", "/root/cut/target.txt").getStdout());
        // The next use re-opens the session and removes the temporary file left behind.
        assertTrue(one.exec(RemoteCommand.of("true")).ok());
        assertEquals("target.txt", h1.execInside("ls", "-A", "/root/cut").getStdout().strip());
        assertTrue(notices.stream().anyMatch(n -> n.contains("dropped")), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n.contains("re-opened")), notices.toString());
    }

    @Test
    void aCommandRunningWhenTheSessionDropsFailsAndIsNotRunAgain() throws Exception {
        one.exec(RemoteCommand.of("rm", "-f", "/root/runs"));
        CompletableFuture<Void> cutter = CompletableFuture.runAsync(() -> {
            TestLogins.sleep(700);
            TestLogins.cutConnections(h1);
        });
        SshException e = assertThrows(SshException.class,
                () -> one.exec(RemoteCommand.script("echo x >> /root/runs; sleep 5")));
        cutter.join();
        assertEquals(Cause.SESSION_DROPPED, e.kind(), e.getMessage());
        assertEquals("x\n", one.exec(RemoteCommand.of("cat", "/root/runs")).stdout(), "run once, never again behind the caller's back");
    }

    @Test
    void noPasswordInAnyProcessListWhileACommandRuns() throws Exception {
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return one.exec(RemoteCommand.of("sleep", "2"));
            } catch (SshException e) {
                throw new IllegalStateException(e);
            }
        });
        TestLogins.sleep(500);
        String onHost = h1.execInside("ps", "-eo", "args").getStdout();
        assertTrue(onHost.contains("sleep 2"), "sampled while the command ran:\n" + onHost);
        assertFalse(onHost.contains(TestLogins.PASSWORDS.get(h1.name())), "a password shows on the host");
        Process ps = new ProcessBuilder("ps", "-eo", "args").start();
        String here = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String pw : TestLogins.PASSWORDS.values()) assertFalse(here.contains(pw), "a password shows on the workstation");
        assertTrue(running.get().ok());
    }

    @Test
    void wrongPasswordIsAskedAgainThenTheRightOneLogsIn() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        TestHost h2 = HOSTS.get(1);
        PasswordPrompt prompt = (host, attempt, why) -> {
            asked.add(attempt + ":" + why);
            return attempt == 1 ? "wrong-password" : TestLogins.PASSWORDS.get(host.name());
        };
        try (Connector c = TestLogins.connector(dir.resolve("kh-wrong"), prompt, n -> {})) {
            HostSession s = c.connect(h2.asInventoryHost());
            assertEquals(h2.name() + "\n", s.exec(RemoteCommand.of("hostname")).stdout());
        }
        assertEquals(List.of("1:null", "2:" + Cause.PASSWORD_REJECTED.text()), asked);
    }

    @Test
    void aPasswordWithQuotesSpacesAndNonAsciiWorksFromThePromptAndFromAFile() throws Exception {
        TestHost h2 = HOSTS.get(1);
        String nasty = "a' b\" $c `d` \\e ;f &g |h ñandú €";
        try (Connector c = TestLogins.connector(dir.resolve("kh-nasty"), TestLogins.rightPasswords(), n -> {})) {
            HostSession s = c.connect(h2.asInventoryHost());
            // Set by file through our own upload: the password is never in an argument list.
            s.upload(new ByteArrayInputStream(("root:" + nasty + "\n").getBytes(StandardCharsets.UTF_8)), "/run/oml-pw", 0600, null, null);
            assertEquals(0, s.exec(RemoteCommand.script("chpasswd < /run/oml-pw; rc=$?; rm -f /run/oml-pw; exit $rc")).exitStatus());
            TestLogins.PASSWORDS.put(h2.name(), nasty);
        }
        Redactor redactor = new Redactor();
        try (Connector c = new Connector(ConnectOptions.of(HostKeyPolicy.acceptNew(new KnownHosts(dir.resolve("kh-nasty"))),
                Credentials.passwordsOnly(TestLogins.rightPasswords(), redactor)))) {
            assertTrue(c.connect(h2.asInventoryHost()).exec(RemoteCommand.of("true")).ok());
        }
        assertEquals("pw=" + Redactor.MASK, redactor.redact("pw=" + nasty), "the password reached the redactor");
        Path file = dir.resolve("passwords");
        Files.writeString(file, "# lab\n" + h2.name() + "=" + nasty + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (Connector c = TestLogins.connector(dir.resolve("kh-nasty"), PasswordFile.read(file).asPrompt(), n -> {})) {
            assertTrue(c.connect(h2.asInventoryHost()).exec(RemoteCommand.of("true")).ok());
        }
    }

    @Test
    void copyIdInstallsTheKeyOnceAndThenNoPasswordIsNeeded() throws Exception {
        TestHost h2 = HOSTS.get(1);
        KeyPair kp = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        try (var out = Files.newOutputStream(ssh.resolve("id_ed25519"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "oml-test", null, out);
        }
        Files.writeString(ssh.resolve("id_ed25519.pub"), PublicKeyEntry.toString(kp.getPublic()) + " oml-test\n");
        // An encrypted key is skipped with a word, never prompted for.
        OpenSSHKeyEncryptionContext enc = new OpenSSHKeyEncryptionContext();
        enc.setPassword("passphrase");
        enc.setCipherName("AES");
        enc.setCipherType("256");
        try (var out = Files.newOutputStream(ssh.resolve("id_rsa"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(KeyUtils.generateKeyPair("ssh-rsa", 2048), "enc", enc, out);
        }
        List<String> said = new ArrayList<>();
        List<KeyPair> keys = Credentials.loadKeys(ssh, said::add);
        assertEquals(1, keys.size());
        assertTrue(said.stream().anyMatch(n -> n.contains("id_rsa")), said.toString());

        String line = CopyId.publicKeyLine(ssh);
        try (Connector c = TestLogins.connector(dir.resolve("kh-copy"), TestLogins.rightPasswords(), n -> {})) {
            HostSession s = c.connect(h2.asInventoryHost());
            assertTrue(CopyId.install(s, line));
            assertFalse(CopyId.install(s, line), "a second run changes nothing");
        }
        String blob = line.split(" ")[1];
        assertEquals("1", h2.shInside("grep -c -F '" + blob + "' /root/.ssh/authorized_keys").getStdout().strip());
        PasswordPrompt never = (host, attempt, why) -> fail("asked for a password although the key is installed");
        Credentials cred = new Credentials(keys, never, new Redactor());
        try (Connector c = new Connector(ConnectOptions.of(HostKeyPolicy.acceptNew(new KnownHosts(dir.resolve("kh-copy"))), cred))) {
            assertEquals("root\n", c.connect(h2.asInventoryHost()).exec(RemoteCommand.of("whoami")).stdout());
        }
    }

    @Test
    void anUnknownHostKeyIsShownWithItsFingerprintAndRecordedOnlyWhenAccepted() throws Exception {
        Path kh = dir.resolve("kh-ask");
        List<String> shown = new ArrayList<>();
        Host host = h1.asInventoryHost();
        try (Connector c = TestLogins.connector(HostKeyPolicy.ask(new KnownHosts(kh), (hh, type, fp) -> {
            shown.add(type + " " + fp);
            return false;
        }), TestLogins.rightPasswords(), n -> {})) {
            SshException e = assertThrows(SshException.class, () -> c.connect(host));
            assertEquals(Cause.HOST_KEY_UNKNOWN, e.kind(), e.getMessage());
        }
        assertFalse(Files.exists(kh) && !Files.readString(kh).isEmpty(), "a refused key was recorded");
        String expected = h1.execInside("ssh-keygen", "-lf", "/etc/ssh/ssh_host_ed25519_key.pub").getStdout().split(" ")[1];
        assertEquals(List.of("ssh-ed25519 " + expected), shown);

        try (Connector c = TestLogins.connector(HostKeyPolicy.ask(new KnownHosts(kh), (hh, type, fp) -> true), TestLogins.rightPasswords(), n -> {})) {
            assertTrue(c.connect(host).exec(RemoteCommand.of("true")).ok());
        }
        assertEquals(1, Files.readAllLines(kh).size());
        try (Connector c = TestLogins.connector(HostKeyPolicy.knownOnly(new KnownHosts(kh)), TestLogins.rightPasswords(), n -> {})) {
            assertTrue(c.connect(host).exec(RemoteCommand.of("true")).ok(), "the recorded key is known now");
        }
    }

    @Test
    void aHostKnownByItsRsaKeyIsAskedForThatKey() throws Exception {
        Path kh = dir.resolve("kh-rsa");
        String rsa = h1.execInside("cat", "/etc/ssh/ssh_host_rsa_key.pub").getStdout().strip();
        String[] f = rsa.split(" ");
        Files.writeString(kh, h1.address() + " " + f[0] + " " + f[1] + "\n");
        try (Connector c = TestLogins.connector(HostKeyPolicy.knownOnly(new KnownHosts(kh)), TestLogins.rightPasswords(), n -> {})) {
            assertTrue(c.connect(h1.asInventoryHost()).exec(RemoteCommand.of("true")).ok());
        }
    }

    @Test
    void connectAllGivesEverySessionInInventoryOrderAndAsksInThatOrder() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        PasswordPrompt prompt = (host, attempt, why) -> {
            asked.add(host.name());
            TestLogins.sleep(host.name().equals(h1.name()) ? 300 : 0); // the first host is slow to answer
            return TestLogins.PASSWORDS.get(host.name());
        };
        List<Host> hosts = HOSTS.all().stream().map(TestHost::asInventoryHost).toList();
        try (Connector c = TestLogins.connector(dir.resolve("kh-all"), prompt, n -> {}); Connections all = c.connectAll(hosts)) {
            assertTrue(all.ok(), all.failures().toString());
            assertEquals(hosts, List.copyOf(all.requireAll().keySet()));
            for (Host h : hosts) assertEquals(h.name() + "\n", all.sessions().get(h).exec(RemoteCommand.of("hostname")).stdout());
        }
        assertEquals(HOSTS.all().stream().map(TestHost::name).toList(), asked);
    }

    @Test
    void aPromptThatAsksNoOneLetsEveryHostLogInAtOnce() throws Exception {
        // The first host's password is looked up only once the second host has asked too: in turns, it never would.
        java.util.concurrent.CountDownLatch bothAsked = new java.util.concurrent.CountDownLatch(HOSTS.all().size());
        List<Boolean> overlapped = new CopyOnWriteArrayList<>();
        PasswordPrompt file = PasswordPrompt.unattended(host -> {
            bothAsked.countDown();
            try {
                overlapped.add(bothAsked.await(10, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestLogins.PASSWORDS.get(host.name());
        });
        List<Host> hosts = HOSTS.all().stream().map(TestHost::asInventoryHost).toList();
        try (Connector c = TestLogins.connector(dir.resolve("kh-unattended"), file, n -> {}); Connections all = c.connectAll(hosts)) {
            assertTrue(all.ok(), all.failures().toString());
            assertEquals(hosts, List.copyOf(all.requireAll().keySet()), "sessions still in inventory order");
        }
        assertEquals(List.of(true, true), overlapped, "every host asked while the others were asking");
    }

    /**
     * A long stream of generated bytes, never held whole: feeds the digest, and runs {@code atEightMegabytes}
     * once when that much has been read.
     */
    static final class Pattern extends InputStream {
        private final long size;
        private final MessageDigest sha;
        private final Runnable atEightMegabytes;
        private long pos;

        Pattern(long size, MessageDigest sha, Runnable atEightMegabytes) {
            this.size = size;
            this.sha = sha;
            this.atEightMegabytes = atEightMegabytes;
        }

        @Override
        public int read() {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) b[off + i] = (byte) ((pos + i) * 31 >>> 3);
            if (sha != null) sha.update(b, off, n);
            long was = pos;
            pos += n;
            if (atEightMegabytes != null && was < (8L << 20) && pos >= (8L << 20)) atEightMegabytes.run();
            return n;
        }
    }
}
