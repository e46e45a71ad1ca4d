package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * package, service, command, download, unarchive, wait_for_port, timezone and hostname on a real
 * Debian 12 host, over SSH. Ordered: the host starts without curl, then gets it from the package test.
 */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemKindsOnHostTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "system");

    static TaskHarness run;
    static TestHost host;
    static HttpServer http;
    static final byte[] PAYLOAD = new byte[300_000];
    static final List<String> RANGES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        host = HOSTS.get(0);
        run = TaskHarness.connect(host);
        host.shInside("mkdir -p /tmp/oml-test");
        new Random(7).nextBytes(PAYLOAD);
        // A small web server on the workstation, with byte ranges so resuming can be seen.
        http = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        http.createContext("/payload.bin", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            RANGES.add(range == null ? "none" : range);
            int from = 0;
            if (range != null && range.matches("bytes=\\d+-")) from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= PAYLOAD.length) {
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            if (from > 0) {
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (PAYLOAD.length - 1) + "/" + PAYLOAD.length);
                ex.sendResponseHeaders(206, PAYLOAD.length - from);
            } else {
                ex.sendResponseHeaders(200, PAYLOAD.length);
            }
            ex.getResponseBody().write(PAYLOAD, from, PAYLOAD.length - from);
            ex.close();
        });
        http.start();
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (run != null) run.close();
        if (http != null) http.stop(0);
    }

    private String inside(String script) { return host.shInside(script).getStdout(); }

    private String url() {
        String gateway = inside("ip route | awk '/^default/ {print $3; exit}'").trim();
        return "http://" + gateway + ":" + http.getAddress().getPort() + "/payload.bin";
    }

    @Test
    @Order(1)
    void downloadWithoutCurlOrWgetFailsClearly() throws Exception {
        assertEquals("", inside("command -v curl wget || true").trim(), "the test host starts without curl and wget");
        Task t = Tasks.of("download", "url", "http://192.0.2.1/x", "sha256", "0".repeat(64), "dest", "/tmp/oml-test/x");
        var o = run.run(List.of(t)).get(0);
        assertEquals(TaskHarness.Status.FAILED, o.status());
        assertTrue(o.output().contains("neither curl nor wget is installed on this host"), o.output());
    }

    @Test
    @Order(2)
    void packagesInstallOnceAndRemove() throws Exception {
        Convergence.assertConverges(host, run, List.of(Tasks.of("package", "names", List.of("less", "rsync", "curl", "cron"))), 1);
        assertEquals("install ok installed", inside("dpkg-query -W -f='${Status}' rsync"));
        Plan latest = run.check(List.of(Tasks.of("package", "names", List.of("rsync"), "state", "latest"))).get(0);
        assertInstanceOf(Plan.Ok.class, latest, "the lists were just refreshed, so installed is newest");
        Convergence.assertConverges(host, run, List.of(Tasks.of("package", "names", List.of("less"), "state", "absent")), 1);
        assertTrue(!inside("dpkg-query -W -f='${db:Status-Abbrev}' less 2>/dev/null").startsWith("ii"), "less is removed");
    }

    @Test
    @Order(3)
    void anUnknownPackageFailsWithoutRetrying() throws Exception {
        long start = System.nanoTime();
        var o = run.run(List.of(Tasks.of("package", "names", List.of("no-such-package-oml")))).get(0);
        assertEquals(TaskHarness.Status.FAILED, o.status());
        assertTrue(o.output().contains("Unable to locate package no-such-package-oml"), o.output());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "no retry pauses for a package that does not exist");
    }

    @Test
    @Order(4)
    void downloadConvergesAndResumes() throws Exception {
        String sha = ContentTask.sha256(PAYLOAD);
        Task t = Tasks.of("download", "url", url(), "sha256", sha, "dest", "/tmp/oml-test/payload.bin", "mode", "0600");
        Convergence.assertConverges(host, run, List.of(t), 1);
        assertEquals(sha + "  /tmp/oml-test/payload.bin", inside("sha256sum /tmp/oml-test/payload.bin").trim());
        assertEquals("600", inside("stat -c %a /tmp/oml-test/payload.bin").trim());

        // Half a file from an interrupted run: the next run asks only for the rest.
        host.shInside("rm -f /tmp/oml-test/payload.bin");
        var half = java.util.Arrays.copyOf(PAYLOAD, 150_000);
        run.sh("base64 -d > /tmp/oml-test/payload.bin.part <<'E'\n" + java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(half) + "\nE\n");
        RANGES.clear();
        var o = run.run(List.of(t)).get(0);
        assertEquals(TaskHarness.Status.CHANGED, o.status(), o.output());
        assertEquals(List.of("bytes=150000-"), RANGES);
        assertEquals(sha + "  /tmp/oml-test/payload.bin", inside("sha256sum /tmp/oml-test/payload.bin").trim());
        assertEquals("", inside("ls /tmp/oml-test/payload.bin.part 2>/dev/null").trim());
    }

    @Test
    @Order(5)
    void unarchiveExtractsOnceAndRefusesEscapingMembers() throws Exception {
        host.shInside("mkdir -p /tmp/oml-test/src/sub && echo hi > /tmp/oml-test/src/sub/f && tar -czf /tmp/oml-test/a.tgz -C /tmp/oml-test/src .");
        Task t = Tasks.of("unarchive", "src", "/tmp/oml-test/a.tgz", "dest", "/opt/oml-x");
        Convergence.assertConverges(host, run, List.of(t), 1);
        assertEquals("hi", inside("cat /opt/oml-x/sub/f").trim());

        host.shInside("echo x > /tmp/oml-test/abs && tar -P -cf /tmp/oml-test/evil.tar /tmp/oml-test/abs");
        var abs = run.run(List.of(Tasks.of("unarchive", "src", "/tmp/oml-test/evil.tar", "dest", "/opt/oml-evil"))).get(0);
        assertEquals(TaskHarness.Status.FAILED, abs.status());
        assertTrue(abs.output().contains("absolute paths or '..'"), abs.output());

        host.shInside("mkdir -p /tmp/oml-test/d1/d2 && cd /tmp/oml-test/d1/d2 && tar -P -cf /tmp/oml-test/evil2.tar ../../abs");
        var up = run.run(List.of(Tasks.of("unarchive", "src", "/tmp/oml-test/evil2.tar", "dest", "/opt/oml-evil"))).get(0);
        assertEquals(TaskHarness.Status.FAILED, up.status());
        assertEquals("", inside("ls /opt/oml-evil 2>/dev/null").trim(), "nothing extracted");

        host.shInside("cd /tmp/oml-test && ln -sf /etc link && tar -cf /tmp/oml-test/evil3.tar link");
        var link = run.run(List.of(Tasks.of("unarchive", "src", "/tmp/oml-test/evil3.tar", "dest", "/opt/oml-evil"))).get(0);
        assertEquals(TaskHarness.Status.FAILED, link.status());
        assertTrue(link.output().contains("links pointing outside"), link.output());
    }

    @Test
    @Order(6)
    void serviceStartsEnablesAndRestarts() throws Exception {
        host.shInside("systemctl disable --now cron");
        Convergence.assertConverges(host, run, List.of(Tasks.of("service", "name", "cron", "state", "started", "enabled", true)), 1);
        assertEquals("active", inside("systemctl is-active cron").trim());
        assertEquals("enabled", inside("systemctl is-enabled cron").trim());
        String pid = inside("systemctl show -p MainPID --value cron").trim();
        var r = run.run(List.of(Tasks.of("service", "name", "cron", "state", "restarted"))).get(0);
        assertEquals(TaskHarness.Status.CHANGED, r.status(), r.output());
        assertTrue(!pid.equals(inside("systemctl show -p MainPID --value cron").trim()), "restarted means a new process");
        var missing = run.run(List.of(Tasks.of("service", "name", "no-such-unit", "state", "started"))).get(0);
        assertEquals(TaskHarness.Status.FAILED, missing.status());
        assertTrue(missing.plan() instanceof Plan.Change c && c.dependsOnEarlier());
        assertTrue(missing.output().contains("could not start no-such-unit"), missing.output());
    }

    @Test
    @Order(7)
    void commandGuardsHoldAtProbeAndAtApply() throws Exception {
        Task creates = Tasks.of("command", "run", "touch /tmp/oml-test/made\necho made it", "creates", "/tmp/oml-test/made");
        Task unless = Tasks.of("command", "run", "echo x >> /tmp/oml-test/u", "unless", "grep -q x /tmp/oml-test/u");
        var first = Convergence.assertConverges(host, run, List.of(creates, unless), 2);
        assertTrue(first.get(0).output().contains("made it"), first.get(0).output());
        assertEquals("x", inside("cat /tmp/oml-test/u").trim());

        // A stale plan: the path appears after the probe; the step sees it and does nothing.
        Task late = Tasks.of("command", "run", "echo ran > /tmp/oml-test/late-ran", "creates", "/tmp/oml-test/late");
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(late)).get(0));
        assertTrue(c.dependsOnEarlier());
        host.shInside("touch /tmp/oml-test/late");
        assertEquals(Step.NOT_NEEDED, run.apply(c).exitStatus());
        assertEquals("", inside("cat /tmp/oml-test/late-ran 2>/dev/null"));

        var never = run.run(List.of(Tasks.of("command", "run", "true", "changed_when", "never"))).get(0);
        assertEquals(TaskHarness.Status.NOT_NEEDED, never.status());
        var fails = run.run(List.of(Tasks.of("command", "run", "echo boom >&2; exit 3"))).get(0);
        assertEquals(TaskHarness.Status.FAILED, fails.status());
        assertTrue(fails.output().contains("boom"));
        var stdin = run.run(List.of(Tasks.of("command", "run", "cat; echo done"))).get(0);
        assertEquals(TaskHarness.Status.CHANGED, stdin.status(), "a command reading standard input gets nothing, not the script");
    }

    @Test
    @Order(8)
    void waitForPortWaitsWithoutCountingAsAChange() throws Exception {
        assertInstanceOf(Plan.Ok.class, run.check(List.of(Tasks.of("wait_for_port", "port", 22))).get(0));
        var closed = run.run(List.of(Tasks.of("wait_for_port", "port", 9, "timeout", 2))).get(0);
        assertEquals(TaskHarness.Status.FAILED, closed.status());
        assertTrue(closed.output().contains("127.0.0.1:9 did not accept connections within 2 s"), closed.output());
        host.shInside("systemd-run --no-block sh -c 'sleep 2; exec /usr/sbin/sshd -D -p 2222'");
        Task t = Tasks.of("wait_for_port", "port", 2222, "timeout", 30);
        assertEquals(TaskHarness.Status.NOT_NEEDED, run.run(List.of(t)).get(0).status());
        assertEquals(TaskHarness.Status.OK, run.run(List.of(t)).get(0).status());
    }

    @Test
    @Order(9)
    void timezoneAndHostnameConverge() throws Exception {
        Convergence.assertConverges(host, run, List.of(Tasks.of("timezone", "name", "America/Argentina/Cordoba")), 1);
        assertEquals("/usr/share/zoneinfo/America/Argentina/Cordoba", inside("readlink -f /etc/localtime").trim());
        assertEquals("America/Argentina/Cordoba", inside("cat /etc/timezone").trim());
        var o = Convergence.assertConverges(host, run, List.of(Tasks.of("hostname", "name", "oml-renamed")), 1);
        assertEquals("oml-renamed", inside("cat /etc/hostname").trim(), o.get(0).output());
    }
}
