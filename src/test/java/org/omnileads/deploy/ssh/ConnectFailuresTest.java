package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.SshException.Cause;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHosts;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** Every way a connection fails is named, with what to do. Each test puts the host back as it found it. */
@Tag("hosts")
class ConnectFailuresTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "fail");

    @TempDir static Path dir;
    static TestHost h;
    static Host host;

    @BeforeAll
    static void setUp() {
        TestLogins.quietLogs();
        TestLogins.remember(HOSTS.all());
        h = HOSTS.get(0);
        host = h.asInventoryHost();
    }

    /** Puts an sshd setting in front of the test host's own (sshd keeps the first value it reads). */
    static void withSshdSetting(String setting, Runnable test) {
        h.shInside("printf '%s\\n' '" + setting + "' > /etc/ssh/sshd_config.d/00-oml-test.conf");
        TestLogins.restartSsh(h);
        try {
            test.run();
        } finally {
            h.execInside("rm", "-f", "/etc/ssh/sshd_config.d/00-oml-test.conf");
            TestLogins.restartSsh(h);
        }
    }

    static SshException connectFails(Path knownHosts, PasswordPrompt prompt) {
        try (Connector c = TestLogins.connector(knownHosts, prompt, n -> {})) {
            return assertThrows(SshException.class, () -> c.connect(host));
        }
    }

    @Test
    void rootLoginRefusedByTheServerGivesBothFixesAfterThreeTries() {
        withSshdSetting("PermitRootLogin prohibit-password", () -> {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            SshException e = connectFails(dir.resolve("kh-root"), (hh, attempt, why) -> {
                attempts.add(attempt);
                return TestLogins.PASSWORDS.get(hh.name()); // the right password, still refused
            });
            assertEquals(Cause.PASSWORD_REJECTED, e.kind(), e.getMessage());
            assertEquals(List.of(1, 2, 3), attempts);
            assertTrue(e.getMessage().contains("refuses root login"), e.getMessage());
            assertTrue(e.fix().contains("sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config"), e.fix());
            assertTrue(e.fix().contains("systemctl restart ssh"), e.fix());
        });
    }

    @Test
    void passwordLoginDisabledIsSaidWithoutAskingForAPassword() {
        withSshdSetting("PasswordAuthentication no", () -> {
            SshException e = connectFails(dir.resolve("kh-nopw"), (hh, attempt, why) -> fail("asked for a password the server would not take"));
            assertEquals(Cause.PASSWORD_LOGIN_DISABLED, e.kind(), e.getMessage());
            assertTrue(e.fix().contains("PasswordAuthentication yes"), e.fix());
        });
    }

    @Test
    void noPasswordGivenIsSaid() {
        SshException e = connectFails(dir.resolve("kh-none"), PasswordPrompt.none());
        assertEquals(Cause.NO_PASSWORD, e.kind(), e.getMessage());
    }

    @Test
    void sshdStoppedIsConnectionRefused() {
        h.execInside("systemctl", "stop", "ssh");
        try {
            SshException e = connectFails(dir.resolve("kh-stopped"), TestLogins.rightPasswords());
            assertEquals(Cause.CONNECTION_REFUSED, e.kind(), e.getMessage());
            assertTrue(e.fix().contains("systemctl start ssh"), e.fix());
        } finally {
            h.execInside("systemctl", "start", "ssh");
            TestLogins.waitForPort(h);
        }
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path kh = dir.resolve("kh-changed");
        try (Connector c = TestLogins.connector(kh, TestLogins.rightPasswords(), n -> {})) {
            assertTrue(c.connect(host).exec(RemoteCommand.of("true")).ok());
        }
        String before = Files.readString(kh);
        String oldFp = h.execInside("ssh-keygen", "-lf", "/etc/ssh/ssh_host_ed25519_key.pub").getStdout().split(" ")[1];
        // A reinstalled host: new host keys (the unit makes them when missing).
        h.shInside("rm -f /etc/ssh/ssh_host_*");
        TestLogins.restartSsh(h);
        String newFp = h.execInside("ssh-keygen", "-lf", "/etc/ssh/ssh_host_ed25519_key.pub").getStdout().split(" ")[1];
        SshException e = connectFails(kh, TestLogins.rightPasswords());
        assertEquals(Cause.HOST_KEY_CHANGED, e.kind(), e.getMessage());
        for (String part : List.of(h.address(), oldFp, newFp, kh.toString(), "line 1", "ssh-keygen -R " + h.address() + " -f " + kh)) {
            assertTrue(e.getMessage().contains(part), "message lacks " + part + ": " + e.getMessage());
        }
        assertEquals(before, Files.readString(kh), "known_hosts must not change");
        // Asking is not a way around it either.
        try (Connector c = TestLogins.connector(HostKeyPolicy.ask(new KnownHosts(kh), (hh, t, fp) -> fail("asked about a changed key")),
                TestLogins.rightPasswords(), n -> {})) {
            assertEquals(Cause.HOST_KEY_CHANGED, assertThrows(SshException.class, () -> c.connect(host)).kind());
        }
    }

    @Test
    void anAddressNobodyAnswersTimesOutOrIsUnreachable() throws Exception {
        String address;
        try (TestHosts gone = TestHosts.start(1, "gone")) {
            address = gone.get(0).address();
        }
        Host nobody = new Host("gone1", address, 22, "root", 1);
        long start = System.nanoTime();
        try (Connector c = new Connector(ConnectOptions.of(HostKeyPolicy.acceptNew(new KnownHosts(dir.resolve("kh-gone"))),
                Credentials.passwordsOnly(TestLogins.rightPasswords(), new Redactor())).withConnectTimeout(Duration.ofSeconds(2)))) {
            SshException e = assertThrows(SshException.class, () -> c.connect(nobody));
            // A refusal needs a live network stack at that address: another container took it over, so the
            // premise "nobody answers" no longer holds (seen when other containers start meanwhile).
            org.junit.jupiter.api.Assumptions.assumeFalse(e.kind() == Cause.CONNECTION_REFUSED,
                    "address " + address + " was reused by another container before the test could use it");
            assertTrue(Set.of(Cause.TIMED_OUT, Cause.HOST_UNREACHABLE).contains(e.kind()), e.kind() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(address), e.getMessage());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
    }

    @Test
    void connectAllReportsEachFailedHostAndNeverASilentPartialSuccess() {
        Host wrongPort = new Host("closed", h.address(), 2, "root", 2);
        try (Connector c = TestLogins.connector(dir.resolve("kh-all"), TestLogins.rightPasswords(), n -> {});
             Connections all = c.connectAll(List.of(host, wrongPort))) {
            assertEquals(Set.of(host), all.sessions().keySet());
            assertEquals(1, all.failures().size());
            assertEquals(wrongPort, all.failures().get(0).host());
            assertEquals(Cause.CONNECTION_REFUSED, all.failures().get(0).error().kind());
            assertEquals(Cause.CONNECTION_REFUSED, assertThrows(SshException.class, all::requireAll).kind());
        }
    }
}
