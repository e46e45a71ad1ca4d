package org.omnileads.deploy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.inventory.Variable;
import org.omnileads.deploy.run.Event;
import org.omnileads.deploy.run.TaskStatus;
import org.omnileads.deploy.tasks.Facts;

/** The pure parts of the lifecycle actions: read-back parsing, the upgrade guard, the rewritten-files report. */
class LifecycleUnitsTest {
    private static final String INVENTORY = inventoryText();

    /** A cluster-in-5 inventory with every required variable (passwords: NAME-Secret#42). */
    private static String inventoryText() {
        StringBuilder t = new StringBuilder();
        String[] groups = {"omniapp", "kamailio", "asterisk", "database", "dialer"};
        String[] names = {"omlapp", "kam", "ast", "db", "dia"};
        for (int i = 0; i < groups.length; i++) t.append('[').append(groups[i]).append("]\n").append(names[i]).append(" ansible_host=192.0.2.1").append(i).append('\n');
        t.append("[everyone:vars]\n");
        for (Variable v : Variable.values()) {
            if (!v.required()) continue;
            String value = v == Variable.TZ ? "UTC" : v.isPassword() ? v.key() + "-Secret#42" : "u_" + v.key();
            t.append(v.key()).append('=').append(value).append('\n');
        }
        return t.toString();
    }

    private static Inventory inventory() throws Exception {
        return InventoryParser.parse(Path.of("inventory"), INVENTORY.getBytes(StandardCharsets.UTF_8));
    }

    /** The names the real template exports (roles/prereqs/templates/omnileads_envars.sh). */
    static EnvarsNames realNames() throws Exception {
        String file = "roles/prereqs/templates/omnileads_envars.sh";
        return EnvarsNames.parse(file, java.nio.file.Files.readString(Path.of(file)));
    }

    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void envarsAreReadBackByInventoryNameWhateverTheyHold() throws Exception {
        EnvarsNames names = realNames();
        String out = "envars=yes\nPGPASSWORD=" + b64("a b'c\"$x;#") + "\nPGUSER=" + b64("omnileads") + "\nAMI_PASSWORD=" + b64("") + "\nOTHER=" + b64("x") + "\n";
        Map<String, String> v = InstalledState.parseEnvars(out, names);
        assertEquals("a b'c\"$x;#", v.get("postgres_password"));
        assertEquals("omnileads", v.get("postgres_user"));
        assertEquals("", v.get("ami_password"));
        assertFalse(v.containsKey("OTHER"));
        assertEquals(3, v.size());
        assertTrue(InstalledState.parseEnvars("envars=no\n", names).isEmpty());
    }

    @Test
    void theProbeReadsTheFileOnlyAndPrintsBase64() throws Exception {
        String probe = InstalledState.envarsProbe(realNames());
        assertTrue(probe.contains(". /etc/profile.d/omnileads_envars.sh"), probe);
        assertTrue(probe.contains("PGPASSWORD=%s"), probe);
        assertTrue(probe.contains("base64 -w0"), probe);
    }

    @Test
    void aMatchingInventoryPassesTheGuard() throws Exception {
        Inventory inv = inventory();
        Map<String, String> installed = new LinkedHashMap<>();
        InstalledState.READ_BACK.forEach(k -> installed.put(k, inv.variables().get(k)));
        assertTrue(UpgradeGuard.differences(inv, new InstalledState("omlapp:/etc/x", installed, Map.of()), UpgradeGuard.RootPassword.MATCHES).isEmpty());
    }

    @Test
    void aDifferentPasswordStopsTheUpgradeNamingVariableLineAndFlag() throws Exception {
        Inventory inv = inventory();
        Map<String, String> installed = new LinkedHashMap<>();
        InstalledState.READ_BACK.forEach(k -> installed.put(k, inv.variables().get(k)));
        installed.put("postgres_password", "the-installed-one");
        installed.put("ami_user", "otherami");
        List<InventoryProblem> p = UpgradeGuard.differences(inv, new InstalledState("omlapp:/etc/x", installed, Map.of()), UpgradeGuard.RootPassword.DIFFERS);
        assertEquals(3, p.size(), p.toString());
        String pg = p.get(0).format();
        assertTrue(pg.startsWith("inventory:14: postgres_password differs from the value installed in omlapp:/etc/x"), pg);
        assertTrue(pg.contains("--change-passwords"), pg);
        assertFalse(pg.contains("the-installed-one") || pg.contains("postgres_password-Secret"), "no password in the message: " + pg);
        assertTrue(p.get(1).format().contains("ami_user") && p.get(1).format().contains("cannot rename"), p.get(1).format());
        assertTrue(p.get(2).format().contains("mysql_root_password") && p.get(2).format().contains("dia"), p.get(2).format());
    }

    @Test
    void releasePartSaysReplacedOnlyWhenTheArchiveDiffers() {
        ComponentVersions.Part same = ComponentVersions.releasePart("omlapp", Facts.parse("installed=2\ninstalled_sha=abc\nwanted_sha=abc\nwanted=2\n"));
        assertFalse(same.replaced());
        assertTrue(same.describe().contains("kept"), same.describe());
        ComponentVersions.Part up = ComponentVersions.releasePart("omlapp", Facts.parse("installed=1\ninstalled_sha=abc\nwanted_sha=def\nwanted=2\n"));
        assertTrue(up.replaced());
        assertEquals("web app on omlapp: release 1 → release 2, replaced", up.describe());
    }

    @Test
    void fileSummariesGiveTheirPathOthersNone() {
        assertEquals("/etc/hosts", ChangedFiles.pathOf("set the block in /etc/hosts (+1 -1)"));
        assertEquals("/etc/kamailio/kamailio.cfg", ChangedFiles.pathOf("update /etc/kamailio/kamailio.cfg (+3 -3)"));
        assertEquals("/etc/omnileads/tls/host.crt", ChangedFiles.pathOf("create /etc/omnileads/tls/host.crt (1200 bytes, mode 0644)"));
        assertEquals("/etc/nginx/sites-enabled/default", ChangedFiles.pathOf("remove /etc/nginx/sites-enabled/default"));
        assertNull(ChangedFiles.pathOf("create folder /opt/omnileads/log"));
        assertNull(ChangedFiles.pathOf("run s=$(sha256sum < /etc/profile.d/omnileads_envars.sh)"));
        assertNull(ChangedFiles.pathOf("restart"));
    }

    @Test
    void theReportListsFilesAndHandlersPerHost() {
        ChangedFiles c = new ChangedFiles();
        c.on(new Event.RunStarted("r", null, List.of("db", "ast"), null));
        c.on(new Event.TaskFinished("db", "1", "database", "pg_hba", false, TaskStatus.CHANGED, "update /etc/postgresql/15/main/pg_hba.conf (+1 -1)", null, 5, false));
        c.on(new Event.TaskFinished("db", "2", "database", "other", false, TaskStatus.OK, "update /etc/not-changed (+1 -1)", null, 5, false));
        c.on(new Event.TaskFinished("db", "3", "database", "restart postgresql", true, TaskStatus.CHANGED, "restart", null, 5, false));
        assertEquals(List.of("/etc/postgresql/15/main/pg_hba.conf"), c.files().get("db"));
        assertEquals(List.of("restart postgresql"), c.handlers().get("db"));
        assertEquals(List.of("db: 1 file(s) rewritten; restart postgresql", "    /etc/postgresql/15/main/pg_hba.conf", "ast: nothing rewritten"), c.report());
        c.on(new Event.TaskFinished("ast", "4", "asterisk", "restart asterisk", true, TaskStatus.CHANGED, "restart", null, 5, false));
        assertEquals("ast: no file rewritten; restart asterisk", c.report().get(2));
    }

    @Test
    void missingPasswordsTheHostsHoldAreReadBackOthersAreProblems() throws Exception {
        String without = INVENTORY.replace("postgres_password=postgres_password-Secret#42\n", "").replace("ami_password=ami_password-Secret#42\n", "");
        byte[] bytes = without.getBytes(StandardCharsets.UTF_8);
        org.omnileads.deploy.inventory.InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.omnileads.deploy.inventory.InventoryException.class, () -> InventoryParser.parse(Path.of("inventory"), bytes));
        assertEquals(java.util.Set.of("postgres_password", "ami_password"), ReadBack.readable(e));
        Inventory pending = ReadBack.pending(Path.of("inventory"), bytes, ReadBack.readable(e));
        assertTrue(ReadBack.isPending(pending));
        Map<String, String> installed = Map.of("postgres_password", "in \"quoted\" space", "ami_password", "Ami;#x");
        Inventory done = ReadBack.completed(Path.of("inventory"), bytes, ReadBack.readable(e), new InstalledState("omlapp:/e", installed, Map.of()));
        assertFalse(ReadBack.isPending(done));
        assertEquals("in \"quoted\" space", done.variables().get("postgres_password"));
        assertEquals("Ami;#x", done.variables().get("ami_password"));
        org.omnileads.deploy.inventory.InventoryException absent = org.junit.jupiter.api.Assertions.assertThrows(
                org.omnileads.deploy.inventory.InventoryException.class,
                () -> ReadBack.completed(Path.of("inventory"), bytes, ReadBack.readable(e), new InstalledState("omlapp:/e", Map.of("ami_password", "x"), Map.of())));
        assertTrue(absent.problems().get(0).message().contains("postgres_password is missing, and omlapp:/e does not hold it"), absent.problems().toString());
        String noRoot = INVENTORY.replace("mysql_root_password=mysql_root_password-Secret#42\n", "").replace("ami_password=ami_password-Secret#42\n", "");
        org.omnileads.deploy.inventory.InventoryException e2 = org.junit.jupiter.api.Assertions.assertThrows(
                org.omnileads.deploy.inventory.InventoryException.class, () -> InventoryParser.parse(Path.of("inventory"), noRoot.getBytes(StandardCharsets.UTF_8)));
        assertTrue(ReadBack.readable(e2).isEmpty(), "mysql_root_password is not on the hosts in clear: no read-back");
    }
}
