package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * On two real hosts: check mode changes nothing, the first run converges, a re-run reports
 * 0 changed in one round trip per host, and a drift is reported by check and fixed by a run.
 */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerConvergeHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "conv");
    private static final String PASSWORD = "Rt-app-Secret-4711";

    static Path dir;
    static HostRunFixture fx;
    static Roles roles;
    static Inventory inv;

    @BeforeAll
    static void connect() throws Exception {
        dir = Files.createTempDirectory("runner-converge");
        fx = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
        roles = TestRoles.load("run-converge");
        inv = fx.inventory(Map.of("rtapp_password", PASSWORD));
    }

    @AfterAll
    static void close() {
        if (fx != null) fx.close();
    }

    private static RunOptions opts() { return RunOptions.of("install", dir.resolve(".deploy")); }

    /** Everything a run could touch, with contents, owners, modes and times; plus the user database and the packages. */
    private static String snapshot(TestHost h) {
        return h.shInside("find /etc /opt /srv /usr/local /home /root -xdev -printf '%p %m %u %g %s %T@\\n' 2>/dev/null | sort; "
                + "find /etc /opt -xdev -type f -exec md5sum {} + 2>/dev/null | sort; "
                + "dpkg-query -W -f='${Package} ${Version} ${Status}\\n' | sort; getent passwd; getent group; "
                + "systemctl list-unit-files --no-legend --no-pager | sort").getStdout();
    }

    @Test
    @Order(1)
    void checkOnFreshHostsSaysWhatWouldChangeAndChangesNothing() throws Exception {
        List<String> before = HOSTS.all().stream().map(RunnerConvergeHostsTest::snapshot).toList();
        HostRunFixture.Outcome o = fx.run(roles, inv, opts().withCheck(true).withDiff(true));
        assertEquals(0, o.exit(), o.console());
        List<String> after = HOSTS.all().stream().map(RunnerConvergeHostsTest::snapshot).toList();
        assertEquals(before, after, "check mode changed a host");
        for (TestHost h : HOSTS.all()) {
            assertEquals(1, o.recap(h.name()).roundTrips(), "check mode costs one round trip on " + h);
            Recap r = o.recap(h.name());
            assertTrue(r.changed() + r.unknown() >= 8, o.console());
            assertFalse(Files.exists(dir.resolve(".deploy").resolve(PendingHandlers.FILE)));
        }
        assertTrue(o.console().contains("changed (check)"), o.console());
        assertFalse(o.json().contains(PASSWORD), "the diff of settings.conf shows the password masked");
        System.out.println("check on fresh hosts: " + o.result().recap());
    }

    @Test
    @Order(2)
    void theFirstRunConverges() throws Exception {
        HostRunFixture.Outcome o = fx.run(roles, inv, opts().withDiff(true));
        assertEquals(0, o.exit(), o.console());
        TestHost h1 = HOSTS.get(0);
        TestHost h2 = HOSTS.get(1);
        assertEquals("host=conv1\nip=" + h1.address() + "\npassword=" + PASSWORD + "\n",
                h1.execInside("cat", "/opt/rtapp/conf/settings.conf").getStdout());
        assertEquals("active", h1.execInside("systemctl", "is-active", "rtapp").getStdout().trim());
        assertEquals("Welcome to conv2 (" + h2.address() + ").\n", h2.execInside("cat", "/opt/rtapp/conf/motd").getStdout());
        // daemon-reload alone does not count as a change for the service kind: the handler ran, and says ok.
        assertTrue(o.results("conv1").contains("handler base: reload units ok"), o.results("conv1").toString());
        assertEquals(0, o.recap("conv1").failed());
        // A line planned Ok before its file existed was probed again after the file was written.
        assertEquals("keep\n", h1.execInside("cat", "/opt/rtapp/conf/stale.conf").getStdout(), o.console());
        // probe + base apply + handler apply (+ web applies on conv1, which holds omniapp: the
        // second one for the line whose facts the first made stale)
        assertEquals(5, o.recap("conv1").roundTrips(), o.console());
        assertEquals(3, o.recap("conv2").roundTrips(), o.console());
        Path state = dir.resolve(".deploy");
        for (Path f : files(state)) assertFalse(Files.readString(f).contains(PASSWORD), "secret in " + f);
        assertTrue(o.json().contains("password=****"), "the diff was produced and masked");
        assertTrue(Files.exists(HostLogs.fileOf(state, o.result().runId(), "conv1")));
        System.out.println("first run: " + o.result().recap());
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    @Order(3)
    void aConvergedReRunChangesNothingInOneRoundTripPerHost() throws Exception {
        HostRunFixture.Outcome o = fx.run(roles, inv, opts());
        assertEquals(0, o.exit(), o.console());
        for (TestHost h : HOSTS.all()) {
            Recap r = o.recap(h.name());
            assertEquals(0, r.changed(), o.results(h.name()).toString());
            assertEquals(1, r.roundTrips(), h.name());
        }
        assertEquals(13, o.recap("conv1").ok(), "9 base tasks, 4 web tasks (2 of them the stale-facts pair)");
        System.out.println("converged re-run: " + o.result().recap() + "; console:\n" + o.console());
    }

    @Test
    @Order(4)
    void aDriftIsReportedByCheckAndLeftAloneThenFixedByARun() throws Exception {
        TestHost h1 = HOSTS.get(0);
        h1.shInside("echo drift >> /opt/rtapp/conf/settings.conf");
        HostRunFixture.Outcome check = fx.run(roles, inv, opts().withCheck(true).withDiff(true));
        assertEquals(0, check.exit());
        assertTrue(check.results("conv1").contains("base: settings changed"), check.results("conv1").toString());
        assertEquals(1, check.recap("conv1").changed());
        assertEquals(0, check.recap("conv2").changed());
        assertTrue(h1.execInside("cat", "/opt/rtapp/conf/settings.conf").getStdout().endsWith("drift\n"), "check left the drift");
        assertTrue(check.json().contains("-drift"), "the diff shows the line to go");

        HostRunFixture.Outcome fix = fx.run(roles, inv, opts());
        assertEquals(1, fix.recap("conv1").changed());
        assertEquals(2, fix.recap("conv1").roundTrips(), "probe, then one apply for the phase");
        assertFalse(h1.execInside("cat", "/opt/rtapp/conf/settings.conf").getStdout().contains("drift"));
        assertEquals(0, fx.run(roles, inv, opts()).recap("conv1").changed());
    }
}
