package org.omnileads.deploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;

/** The diagnoses preflight draws from a host's facts; the probe itself runs on hosts in the CLI tests. */
class PreflightTest {
    @TempDir Path dir;

    private Inventory inventory() throws Exception {
        Path f = dir.resolve("inventory");
        Files.writeString(f, InventoryTemplate.render(Topology.CLUSTER_IN_5, Map.of("database", "192.0.2.13"), "UTC"));
        return InventoryParser.parse(f);
    }

    private static Map<String, String> healthy(Host h) {
        Map<String, String> f = new HashMap<>();
        f.put("os_id", "debian");
        f.put("os_version", "12");
        f.put("os_name", "Debian GNU/Linux 12 (bookworm)");
        f.put("cpus", "2");
        f.put("mem_kb", "8000000");
        f.put("disk_kb", "50000000");
        f.put("hostname", h.name());
        f.put("addrs", "127.0.0.1 " + h.address());
        f.put("clock", "1000.0");
        f.put("mirror", "http://deb.debian.org");
        f.put("dns", "ok");
        f.put("repo", "ok");
        return f;
    }

    private static Check.Result result(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().result();
    }

    @Test
    void aHealthyHostBlocksNothing() throws Exception {
        Inventory inv = inventory();
        Host db = inv.hostNamed("database");
        List<Check> checks = new Preflight(inv, new Preflight.Options(false)).evaluate(db, healthy(db), List.of(), 1000.0);
        assertTrue(checks.stream().allMatch(c -> c.result() == Check.Result.OK), checks.toString());
    }

    @Test
    void eachCommonErrorIsNamedWithWhatToDo() throws Exception {
        Inventory inv = inventory();
        Host db = inv.hostNamed("database");
        Map<String, String> f = healthy(db);
        f.put("mem_kb", "2000000");
        f.put("addrs", "127.0.0.1 192.0.2.99");
        f.put("hostname", "localhost");
        f.put("dns", "fail");
        f.put("repo", "fail");
        f.put("clock", "1030.0");
        List<Check> checks = new Preflight(inv, new Preflight.Options(false)).evaluate(db, f,
                List.of("tcp 0.0.0.0:5432 mysqld\",pid=1,fd=3))"), 1000.0);
        assertEquals(Check.Result.FAIL, result(checks, "memory"));
        assertEquals(Check.Result.FAIL, result(checks, "address"));
        assertEquals(Check.Result.WARN, result(checks, "host name"));
        assertEquals(Check.Result.FAIL, result(checks, "DNS"));
        assertEquals(Check.Result.FAIL, result(checks, "package repository"));
        assertEquals(Check.Result.FAIL, result(checks, "clock"));
        assertEquals(Check.Result.FAIL, result(checks, "ports"));
        for (Check c : checks) if (c.result() != Check.Result.OK) assertTrue(!c.fix().isEmpty(), c + " says what to do");
        assertTrue(checks.stream().anyMatch(c -> c.detail().contains("5432") && c.detail().contains("mysqld")), checks.toString());
    }

    @Test
    void labHostsOnlyWarnAboutSizeAndOurOwnServicesMayHoldTheirPorts() throws Exception {
        Inventory inv = inventory();
        Host db = inv.hostNamed("database");
        Map<String, String> f = healthy(db);
        f.put("mem_kb", "1000000");
        f.put("disk_kb", "5000000");
        f.put("clock", "1002.0");
        List<Check> checks = new Preflight(inv, new Preflight.Options(true)).evaluate(db, f,
                List.of("tcp 192.0.2.13:5432 postgres\",pid=9,fd=6))"), 1000.0);
        assertEquals(Check.Result.WARN, result(checks, "memory"));
        assertEquals(Check.Result.WARN, result(checks, "free disk /"));
        assertEquals(Check.Result.WARN, result(checks, "clock"));
        assertEquals(Check.Result.OK, result(checks, "ports"));
    }
}
