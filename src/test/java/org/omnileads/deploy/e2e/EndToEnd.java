package org.omnileads.deploy.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.artifacts.InstalledArtifacts;
import org.omnileads.deploy.cli.CliRunner;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.MyInventoryWriter;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.run.Json;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * The acceptance scenario of one layout, on fresh test hosts, through the real command line:
 * {@code deploy -i -a} with the stand-in release and dialer archive exits 0; every
 * {@link StackChecks} check that applies passes; a second {@code deploy -i -a} (no release
 * given: the installed one is kept) changes nothing on any host; {@code my_inventory} is 0600
 * and the input inventory is byte-identical; after the hosts restart every service is active
 * again and the checks pass again. Times are printed, not asserted.
 */
final class EndToEnd {
    private static final Duration SERVICES_BACK = Duration.ofMinutes(3);

    private final Topology topology;
    private final TestHostsExtension hosts;
    private final Path dir;
    private final String label;

    EndToEnd(Topology topology, TestHostsExtension hosts, Path dir) {
        this.topology = topology;
        this.hosts = hosts;
        this.dir = dir;
        this.label = "[e2e " + topology.label() + "] ";
    }

    /** Test hosts named as the layout's inventory hosts, with addresses that survive a restart. */
    static TestHostsExtension hostsFor(Topology topology) {
        return new TestHostsExtension(List.copyOf(InventoryTemplate.layout(topology).keySet())).withFixedAddresses();
    }

    void run() throws Exception {
        Path inventory = writeInventory();
        byte[] inventoryBytes = Files.readAllBytes(inventory);
        Path passwords = writePasswords();
        Inventory inv = InventoryParser.parse(inventory);
        StackChecks checks = new StackChecks(inv, hosts.all());
        Path fixtures = fixtures();

        CliRunner.Outcome first = timed("first install", () -> deploy(inventory, passwords, "--accept-new-host-keys",
                "--release", fixtures.resolve("omnileads-release-1").toString(),
                "--wombat", fixtures.resolve("wombat-standin").toString()));
        keep("first-install", first);
        assertEquals(0, first.exit(), label + "first install failed:\n" + failureReport(first));
        noRootPasswordPrinted(first);

        Path my = inventory.resolveSibling(MyInventoryWriter.FILE_NAME);
        String release = installed(my, InstalledArtifacts.RELEASE);
        assertTrue(release.startsWith(fixtures.resolve("omnileads-release-1") + " sha256:"), label + "my_inventory records the release: " + release);
        String dialerArchive = installed(my, InstalledArtifacts.DIALER_ARCHIVE);
        assertTrue(dialerArchive.startsWith(fixtures.resolve("wombat-standin") + " sha256:"), label + "my_inventory records the dialer archive: " + dialerArchive);

        StackChecks.Report report = timed("stack checks", checks::all);
        System.out.println(label + "checks passed " + report.passed() + ", not applicable " + report.skipped());

        CliRunner.Outcome second = timed("second install (converged)", () -> deploy(inventory, passwords));
        keep("second-install", second);
        assertEquals(0, second.exit(), label + "second install failed:\n" + failureReport(second));
        Map<String, Map<String, Object>> recap = recap(second);
        assertEquals(inv.hosts().size(), recap.size(), label + "recap of every host: " + recap);
        recap.forEach((host, r) -> assertEquals(0L, ((Number) r.get("changed")).longValue(),
                label + host + " changed on the second run: " + changedTasks(second, host) + "\nrecap: " + r));
        System.out.println(label + "second run recap " + recap);

        assertEquals(release, installed(my, InstalledArtifacts.RELEASE), "a run without --release keeps the installed release");
        assertEquals(dialerArchive, installed(my, InstalledArtifacts.DIALER_ARCHIVE), "a run without --wombat keeps the dialer archive");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(my)), my.toString());
        assertArrayEquals(inventoryBytes, Files.readAllBytes(inventory), "the input inventory was modified");

        timed("restart of every host", () -> { hosts.restartAll(); return null; });
        timed("services back", () -> { checks.awaitServices(SERVICES_BACK); return null; });
        StackChecks.Report again = timed("stack checks after the restart", checks::all);
        assertEquals(report.passed(), again.passed(), label + "checks passing after the restart");
    }

    private static String installed(Path myInventory, String key) throws Exception {
        String v = InventoryParser.parse(myInventory).variables().get(key);
        return v == null ? "(no " + key + ")" : v;
    }

    Path writeInventory() throws IOException {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (TestHost h : hosts.all()) addresses.put(h.name(), h.address());
        Path file = dir.resolve("inventory");
        Files.writeString(file, InventoryTemplate.render(topology, addresses, "UTC"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    Path writePasswords() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (TestHost h : hosts.all()) sb.append(h.name()).append('=').append(h.rootPassword()).append('\n');
        Path file = dir.resolve("passwords");
        Files.writeString(file, sb);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    CliRunner.Outcome deploy(Path inventory, Path passwords, String... more) {
        List<String> args = new ArrayList<>(List.of("-i", "-a", "-I", inventory.toString(), "--password-file", passwords.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--json"));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /**
     * Keeps a run's JSON events (already masked by the CLI) in target/e2e/ for a look after the
     * test, and prints its five slowest tasks.
     */
    void keep(String step, CliRunner.Outcome o) throws IOException {
        Path out = Files.createDirectories(Path.of("target", "e2e")).resolve(topology.label() + "-" + step + ".jsonl");
        Files.writeString(out, o.out() + "\n# stderr\n" + o.err());
        System.out.println(label + step + " slowest tasks " + slowest(o, 5) + " (all events: " + out + ")");
    }

    /** The {@code n} tasks whose step took longest (of those that applied a step), as {@code host role/task N s}. */
    @SuppressWarnings("unchecked")
    static List<String> slowest(CliRunner.Outcome o, int n) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (String line : o.out().lines().toList()) {
            if (!line.startsWith("{")) continue;
            Map<String, Object> e = (Map<String, Object>) Json.parse(line);
            if ("TaskFinished".equals(e.get("event")) && ((Number) e.get("millis")).longValue() > 0) tasks.add(e);
        }
        tasks.sort((a, b) -> Long.compare(((Number) b.get("millis")).longValue(), ((Number) a.get("millis")).longValue()));
        return tasks.stream().limit(n).map(e -> e.get("host") + " " + e.get("role") + "/" + e.get("task") + " "
                + ((Number) e.get("millis")).longValue() / 1000 + " s").toList();
    }

    /** The per-host recap of the run's last event, RunFinished. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> recap(CliRunner.Outcome o) {
        List<String> lines = o.out().strip().lines().toList();
        Map<String, Object> last = (Map<String, Object>) Json.parse(lines.get(lines.size() - 1));
        assertEquals("RunFinished", last.get("event"), "last JSON line: " + lines.get(lines.size() - 1));
        return (Map<String, Map<String, Object>>) last.get("recap");
    }

    /** The tasks a run reported changed on a host, with their summaries. */
    @SuppressWarnings("unchecked")
    static List<String> changedTasks(CliRunner.Outcome o, String host) {
        List<String> out = new ArrayList<>();
        for (String line : o.out().lines().toList()) {
            if (!line.startsWith("{")) continue;
            Map<String, Object> e = (Map<String, Object>) Json.parse(line);
            if ("TaskFinished".equals(e.get("event")) && host.equals(e.get("host")) && "changed".equals(e.get("status"))) {
                out.add(e.get("role") + "/" + e.get("task") + ": " + e.get("summary"));
            }
        }
        return out;
    }

    /** What a failed run said: its failures and notices, then stderr. */
    @SuppressWarnings("unchecked")
    static String failureReport(CliRunner.Outcome o) {
        StringBuilder sb = new StringBuilder();
        for (String line : o.out().lines().toList()) {
            if (!line.startsWith("{")) continue;
            Map<String, Object> e = (Map<String, Object>) Json.parse(line);
            Object type = e.get("event");
            if ("HostFailed".equals(type) || "Notice".equals(type)
                    || ("TaskFinished".equals(type) && "failed".equals(e.get("status")))) sb.append(line).append('\n');
        }
        return sb + "stderr:\n" + o.err();
    }

    private void noRootPasswordPrinted(CliRunner.Outcome o) {
        for (TestHost h : hosts.all()) {
            assertFalse(o.out().contains(h.rootPassword()) || o.err().contains(h.rootPassword()), "the root password of " + h + " was printed");
        }
    }

    static Path fixtures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/omnileads-release-1"))) return p.resolve("fixtures");
        }
        throw new IllegalStateException("fixtures/ not found above " + Path.of("").toAbsolutePath());
    }

    private interface Step<T> { T run() throws Exception; }

    private <T> T timed(String what, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        try {
            return step.run();
        } finally {
            System.out.printf("%s%s: %.1f s%n", label, what, (System.nanoTime() - t0) / 1e9);
        }
    }
}
