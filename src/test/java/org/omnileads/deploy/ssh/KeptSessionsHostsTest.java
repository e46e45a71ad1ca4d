package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * --keep-sessions on real hosts, with the keeper in this JVM on a socket of its own: a second run
 * logs in to nobody and asks no password, a host key its known_hosts does not hold is checked
 * afresh, a session that ended is logged in to again, commands and uploads behave as over a
 * session of the run's own, and the keeper ends by itself once idle.
 */
@Tag("hosts")
class KeptSessionsHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "kept");

    @TempDir Path dir;
    KeeperPlace place;
    SessionKeeper keeper;
    Thread serving;
    final AtomicInteger asked = new AtomicInteger();
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void quiet() {
        TestLogins.quietLogs();
        TestLogins.remember(HOSTS.all());
    }

    @BeforeEach
    void startKeeper() throws Exception {
        // A short folder: Unix socket paths are limited to about 100 bytes.
        place = new KeeperPlace(Files.createTempDirectory(Path.of("/tmp"), "kst"));
        keeper = new SessionKeeper(place);
        serving = new Thread(() -> {
            try {
                keeper.serve();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        serving.start();
        for (int i = 0; i < 200 && !Files.exists(place.socket()); i++) Thread.sleep(10);
    }

    @AfterEach
    void stopKeeper() throws Exception {
        keeper.stop();
        serving.join(10_000);
    }

    private KeptSessions run(Path knownHosts, Duration keep, boolean acceptNew) {
        PasswordPrompt counting = PasswordPrompt.unattended(h -> {
            asked.incrementAndGet();
            return TestLogins.PASSWORDS.get(h.name());
        });
        KnownHosts kh = new KnownHosts(knownHosts);
        HostKeyPolicy policy = acceptNew ? HostKeyPolicy.acceptNew(kh) : HostKeyPolicy.knownOnly(kh);
        ConnectOptions o = ConnectOptions.of(policy, Credentials.passwordsOnly(counting, new Redactor()))
                .withConnectTimeout(Duration.ofSeconds(5)).withNotices(notices::add);
        return new KeptSessions(o, place, keep);
    }

    private static List<Host> hosts() { return HOSTS.all().stream().map(TestHost::asInventoryHost).toList(); }

    /** The workstation end of the host's SSH connection, as sshd tells the login's shell. */
    private static String connectionOf(RemoteHost r) throws SshException {
        return r.exec(RemoteCommand.script("echo \"$SSH_CONNECTION\"")).stdout().strip();
    }

    @Test
    void aSecondRunLogsInToNobodyAndItsCommandsAndUploadsWorkAsOverItsOwnSession() throws Exception {
        Path kh = dir.resolve("known_hosts");
        Map<Host, RemoteHost> first;
        try (KeptSessions one = run(kh, Duration.ofSeconds(60), true)) {
            first = one.connectAll(hosts()).requireAll();
        }
        assertEquals(2, asked.get(), "one password per host on the first run");
        String[] seen = new String[2];
        for (int i = 0; i < 2; i++) seen[i] = connectionOf(first.get(hosts().get(i)));

        try (KeptSessions two = run(kh, Duration.ofSeconds(60), false)) {
            Map<Host, RemoteHost> again = two.connectAll(hosts()).requireAll();
            assertEquals(2, asked.get(), "no password asked: the keeper's sessions were taken");
            for (int i = 0; i < 2; i++) {
                RemoteHost r = again.get(hosts().get(i));
                assertInstanceOf(KeptHost.class, r);
                assertEquals(seen[i], connectionOf(r), "the same TCP connection as the first run's");
            }
            RemoteHost r = again.get(hosts().get(0));
            // Standard input, exit status, standard error, lines as they come.
            List<String> lines = new CopyOnWriteArrayList<>();
            CommandResult c = r.exec(RemoteCommand.of("sh", "-c", "read -r x; echo \"got $x\"; echo warn >&2; exit 3")
                    .withStdin("hello\n".getBytes(StandardCharsets.UTF_8)).onLine(l -> lines.add((l.stderr() ? "!" : "") + l.text())));
            assertEquals(new CommandResult(3, "got hello\n", "warn\n"), c);
            assertTrue(lines.containsAll(List.of("got hello", "!warn")), lines.toString());
            // A timeout is the keeper's HostSession's, told here with its cause.
            SshException late = assertThrows(SshException.class,
                    () -> r.exec(RemoteCommand.script("sleep 30").withTimeout(Duration.ofSeconds(1))));
            assertEquals(SshException.Cause.TIMEOUT_COMMAND, late.kind());
            assertTrue(late.getMessage().startsWith(hosts().get(0).label()), late.getMessage());
            // Uploads: content, mode, owner; a failed one says why and leaves nothing.
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
            r.upload(new ByteArrayInputStream(big), "/tmp/kept-upload.bin", 0640, null, "daemon");
            TestHost h = HOSTS.get(0);
            assertEquals("640 root daemon 300000", h.shInside("stat -c '%a %U %G %s' /tmp/kept-upload.bin").getStdout().strip());
            assertEquals(h.shInside("sha256sum < /tmp/kept-upload.bin").getStdout().split(" ")[0],
                    java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big)));
            SshException nowhere = assertThrows(SshException.class,
                    () -> r.upload(new ByteArrayInputStream(big), "/nonexistent/dir/f", 0600, null, null));
            assertEquals(SshException.Cause.TRANSFER_FAILED, nowhere.kind(), nowhere.getMessage());
            // A file that cannot be read here fails as a local read, and the host keeps no temporary file.
            InputStream broken = new InputStream() {
                int n;

                @Override public int read() throws IOException {
                    if (n++ > 100_000) throw new IOException("disk gone");
                    return 'x';
                }
            };
            IOException local = assertThrows(IOException.class, () -> r.upload(broken, "/tmp/kept-broken", 0600, null, null));
            assertEquals("disk gone", local.getMessage());
            assertEquals("", h.shInside("ls -a /tmp | grep kept-broken || true").getStdout());
            assertEquals(7, r.roundTrips(), "4 commands, an upload (transfer and install) and two transfers that failed, as a HostSession counts them");
        }
    }

    @Test
    void aKeptSessionIsUsedOnlyWhenThisRunsKnownHostsHoldsItsKey() throws Exception {
        try (KeptSessions one = run(dir.resolve("known_hosts"), Duration.ofSeconds(60), true)) {
            one.connectAll(hosts()).requireAll();
        }
        try (KeptSessions other = run(dir.resolve("empty_known_hosts"), Duration.ofSeconds(60), false)) {
            Connections c = other.connectAll(hosts());
            assertEquals(2, c.failures().size(), "the keeper's sessions were verified against another file");
            assertEquals(SshException.Cause.HOST_KEY_UNKNOWN, c.failures().get(0).error().kind(), c.failures().get(0).error().getMessage());
        }
    }

    @Test
    void aSessionThatEndedIsLoggedInToAgainOnceAndSaysSo() throws Exception {
        Path kh = dir.resolve("known_hosts");
        try (KeptSessions one = run(kh, Duration.ofSeconds(60), true)) {
            one.connectAll(hosts()).requireAll();
        }
        TestHost h = HOSTS.get(0);
        try (KeptSessions two = run(kh, Duration.ofSeconds(60), false)) {
            RemoteHost r = two.connectAll(hosts()).requireAll().get(h.asInventoryHost());
            int before = asked.get();
            TestLogins.cutConnections(h);
            // The keeper notices the closed connection, then the next command logs in again.
            Thread.sleep(500);
            assertEquals("back\n", r.exec(RemoteCommand.of("echo", "back")).stdout());
            assertEquals(before + 1, asked.get(), "one new login");
            assertTrue(notices.stream().anyMatch(n -> n.contains(h.name()) && n.contains("logged in again")), notices.toString());
        }
    }

    @Test
    void theKeeperClosesItsSessionsAndEndsOnceIdleForTheTimeAskedFor() throws Exception {
        try (KeptSessions one = run(dir.resolve("known_hosts"), Duration.ofSeconds(2), true)) {
            one.connectAll(hosts()).requireAll();
        }
        TestHost h = HOSTS.get(0);
        assertTrue(h.execInside("ps", "-eo", "args=").getStdout().contains("sshd: root"), "the session is kept after the run");
        serving.join(8_000);
        assertFalse(serving.isAlive(), "the keeper ended");
        assertFalse(Files.exists(place.socket()), "and removed its socket");
        for (int i = 0; i < 50 && h.execInside("ps", "-eo", "args=").getStdout().contains("sshd: root"); i++) Thread.sleep(100);
        assertFalse(h.execInside("ps", "-eo", "args=").getStdout().contains("sshd: root"), "the host's session is closed");
    }
}
