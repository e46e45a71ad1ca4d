package org.omnileads.deploy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.cli.CliRunner;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.secrets.PasswordGenerator;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.Shell;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * The lifecycle of a running cluster-in-5, end to end on five real hosts, installed once:
 * upgrade release 1 → 2 (rows kept, backups taken, a second upgrade changes nothing, a
 * different password stops it before any change), change of passwords (new ones work, old ones
 * fail), change of network (the Asterisk and database hosts moved to new addresses, every
 * protocol check passes again, no file holds an old address). The methods run in order and
 * each builds on the state the previous one left.
 */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleClusterTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(5, "lc").withFixedAddresses();

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final int APP = 0, KAM = 1, AST = 2, DB = 3, DIALER = 4;
    private static final Pattern RECAP_ROW = Pattern.compile("(?m)^(lc\\d)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s");

    private static Path dir;
    private static Path inventory;
    private static Map<String, String> vars;
    private static final Redactor REDACTOR = new Redactor();

    @BeforeAll
    static void writeInventory() throws IOException {
        dir = Files.createTempDirectory("oml-lifecycle");
        inventory = dir.resolve("inventory");
        vars = new LinkedHashMap<>();
        vars.put("postgres_database", "omnileads");
        vars.put("postgres_user", "omnileads");
        vars.put("postgres_password", PasswordGenerator.generate(20));
        vars.put("admin_pass", PasswordGenerator.generate(20));
        vars.put("ami_user", "omnileadsami");
        vars.put("ami_password", PasswordGenerator.generate(20));
        vars.put("dialer_user", "demoadmin");
        vars.put("dialer_password", PasswordGenerator.generate(20));
        vars.put("mysql_root_password", PasswordGenerator.generate(20));
        vars.put("sup_ami_user", "omnisup");
        vars.put("sup_ami_password", PasswordGenerator.generate(20));
        vars.put("TZ", "UTC");
        vars.forEach((k, v) -> { if (k.contains("pass")) REDACTOR.add(v); });
        writeInventory(inventory, vars);
        StringBuilder pw = new StringBuilder();
        for (TestHost h : HOSTS.all()) pw.append(h.name()).append('=').append(h.rootPassword()).append('\n');
        Path pwFile = dir.resolve("passwords");
        Files.writeString(pwFile, pw.toString());
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void removeFiles() throws IOException {
        if (dir == null) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void writeInventory(Path file, Map<String, String> v) throws IOException {
        String[] groups = {"omniapp", "kamailio", "asterisk", "database", "dialer"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            TestHost h = HOSTS.get(i);
            b.append('[').append(groups[i]).append("]\n").append(h.name()).append(" ansible_host=").append(h.address()).append("\n\n");
        }
        b.append("[everyone:vars]\n");
        v.forEach((k, x) -> b.append(k).append('=').append(x).append('\n'));
        Files.writeString(file, b.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static Inventory parsed() throws Exception { return InventoryParser.parse(inventory); }

    private static StackChecks checks() throws Exception { return new StackChecks(parsed(), HOSTS.all()); }

    /** Runs deploy with the action's arguments against the test inventory and hosts. */
    private static CliRunner.Outcome deploy(Path inv, String... action) {
        List<String> args = new ArrayList<>(List.of(action));
        args.addAll(List.of("-I", inv.toString(), "--password-file", dir.resolve("passwords").toString(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--accept-new-host-keys"));
        long t0 = System.nanoTime();
        CliRunner.Outcome r = CliRunner.run(args.toArray(String[]::new));
        System.out.println(REDACTOR.redact("deploy " + String.join(" ", action) + ": exit " + r.exit() + " in "
                + (System.nanoTime() - t0) / 1_000_000_000 + " s\n" + r.out() + "\n" + r.err()));
        return r;
    }

    private static String fixture(String name) { return REPO.resolve("fixtures").resolve(name).toString(); }

    private static void assertOk(CliRunner.Outcome r, String what) {
        assertEquals(0, r.exit(), () -> REDACTOR.redact(what + " failed:\n" + tail(r.out()) + "\n" + tail(r.err())));
    }

    private static String tail(String s) { return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s; }

    /** Changed tasks per host, from the console's recap table. */
    private static Map<String, Integer> changedPerHost(String out) {
        Map<String, Integer> m = new LinkedHashMap<>();
        Matcher x = RECAP_ROW.matcher(out);
        while (x.find()) m.put(x.group(1), Integer.parseInt(x.group(3)));
        return m;
    }

    private static String myInventoryHeader() throws IOException {
        String text = Files.readString(dir.resolve("my_inventory"));
        for (TestHost h : HOSTS.all()) assertFalse(text.contains(h.rootPassword()), "my_inventory holds the root password of " + h.name());
        return text.substring(0, text.indexOf("\n\n"));
    }

    private static String sh(TestHost h, String script) {
        var r = h.execInside("bash", "-c", script);
        return r.getStdout() + r.getStderr();
    }

    private static String psqlOnDb(String sql) {
        return sh(HOSTS.get(DB), "runuser -u postgres -- psql -X -d omnileads -tAc " + Shell.quote(sql)).trim();
    }

    // ---- install, then upgrade -------------------------------------------------------------

    @Test
    @Order(1)
    void installReleaseOneAndAddRows() throws Exception {
        CliRunner.Outcome r = deploy(inventory, "-i", "-a", "--release", fixture("omnileads-release-1"), "--wombat", fixture("wombat-standin"));
        assertOk(r, "install");
        assertTrue(myInventoryHeader().contains("# action:  install") && myInventoryHeader().contains("# result:  success"), myInventoryHeader());
        StackChecks c = checks();
        c.all();
        assertTrue(c.httpsBody().contains("release 1"), c.httpsBody());
        // rows through the app's own models (the ORM, as the web app writes them)
        HOSTS.get(APP).copyInside("from calls.models import Campaign\nfor i in range(3): Campaign.objects.create(name='lifecycle-%d' % i)\n"
                + "print(Campaign.objects.count())\n", 0644, "/tmp/lifecycle-rows.py");
        String made = sh(HOSTS.get(APP), "cd /opt/omnileads/ominicontacto && runuser -u omnileads -- sh -c '. /etc/profile.d/omnileads_envars.sh"
                + " && exec /opt/omnileads/virtualenv/bin/python manage.py shell' < /tmp/lifecycle-rows.py");
        assertEquals("3", made.trim(), made);
    }

    @Test
    @Order(2)
    void upgradeToReleaseTwoKeepsTheRowsAndBacksUpFirst() throws Exception {
        CliRunner.Outcome r = deploy(inventory, "-u", "--release", fixture("omnileads-release-2"));
        assertOk(r, "upgrade");
        String err = r.err();
        assertTrue(err.contains("web app on lc1: release 1 → release 2, replaced"), err);
        assertTrue(err.contains("Asterisk on lc3: Asterisk 22.10.1, kept"), err);
        assertTrue(err.contains("dialer on lc5:") && err.contains("kept"), err);
        Matcher pg = Pattern.compile("backup: lc4:(/var/backups/omnileads/postgresql-omnileads-\\S+\\.dump)").matcher(err);
        Matcher my = Pattern.compile("backup: lc5:(/var/backups/omnileads/mariadb-all-\\S+\\.sql\\.gz)").matcher(err);
        assertTrue(pg.find() && my.find(), err);
        // as docs/upgrade.md restores it: root opens the dump (0600), pg_restore reads it on standard input
        assertEquals("ok", sh(HOSTS.get(DB), "runuser -u postgres -- pg_restore -l < " + Shell.quote(pg.group(1)) + " | grep 'TABLE DATA public calls_campaign' >/dev/null && echo ok").trim());
        assertEquals("ok", sh(HOSTS.get(DIALER), "gzip -dc " + Shell.quote(my.group(1)) + " | grep 'CREATE DATABASE.*wombat' >/dev/null && echo ok").trim());
        assertTrue(myInventoryHeader().contains("# action:  upgrade") && myInventoryHeader().contains("# result:  success"), myInventoryHeader());

        StackChecks c = checks();
        c.all();
        assertTrue(c.httpsBody().contains("release 2"), c.httpsBody());
        assertEquals("calls_agent", psqlOnDb("select to_regclass('public.calls_agent')"), "migration 0002 did not run");
        assertEquals("3", psqlOnDb("select count(*) from calls_campaign where name like 'lifecycle-%'"), "rows lost in the upgrade");
        String agents = sh(HOSTS.get(KAM), "curl -sS --max-time 20 --cacert /etc/omnileads/tls/ca.crt --resolve lc1:443:"
                + HOSTS.get(APP).address() + " https://lc1/agents/");
        assertTrue(agents.contains("release 2") && agents.contains("agents: 0"), agents);
    }

    /** Run from an inventory that lost two passwords (as the old installer's reset did): they are read back, nothing changes. */
    @Test
    @Order(3)
    void aSecondUpgradeChangesNothingAndReadsLostPasswordsBack() throws IOException {
        Map<String, String> lacking = new LinkedHashMap<>(vars);
        lacking.remove("postgres_password");
        lacking.remove("ami_password");
        Path inv = dir.resolve("inventory-reset");
        writeInventory(inv, lacking);
        CliRunner.Outcome r = deploy(inv, "-u", "--release", fixture("omnileads-release-2"));
        assertOk(r, "second upgrade");
        Map<String, Integer> changed = changedPerHost(r.out());
        assertEquals(5, changed.size(), r.out());
        changed.forEach((h, n) -> assertEquals(0, n, h + " changed " + n + " task(s) on a second upgrade:\n" + tail(r.out())));
        assertTrue(r.err().contains("web app on lc1: release 2, kept"), r.err());
        assertTrue(r.out().contains("lc1: nothing rewritten"), r.out());
        assertTrue(r.err().contains("read back from lc1:/etc/profile.d/omnileads_envars.sh: postgres_password, ami_password"), r.err());
        String record = Files.readString(dir.resolve("my_inventory"));
        assertTrue(record.contains("postgres_password=" + vars.get("postgres_password") + "\n")
                && record.contains("ami_password=" + vars.get("ami_password") + "\n"), "my_inventory lacks the values read back");
    }

    @Test
    @Order(4)
    void anUpgradeWithAnotherPasswordStopsBeforeAnyChange() throws Exception {
        Map<String, String> other = new LinkedHashMap<>(vars);
        other.put("postgres_password", PasswordGenerator.generate(20));
        REDACTOR.add(other.get("postgres_password"));
        Path inv = dir.resolve("inventory-other-password");
        writeInventory(inv, other);
        String envars = sh(HOSTS.get(APP), "sha256sum /etc/profile.d/omnileads_envars.sh");
        String dumps = sh(HOSTS.get(DB), "ls /var/backups/omnileads");
        CliRunner.Outcome r = deploy(inv, "-u", "--release", fixture("omnileads-release-2"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("postgres_password differs from the value installed in lc1:/etc/profile.d/omnileads_envars.sh"), r.err());
        assertTrue(r.err().contains("--change-passwords"), r.err());
        assertTrue(r.err().contains("inventory-other-password:"), "the message names the file and line: " + r.err());
        assertFalse(r.err().contains(other.get("postgres_password")) || r.err().contains(vars.get("postgres_password")), "a password was printed");
        assertEquals(envars, sh(HOSTS.get(APP), "sha256sum /etc/profile.d/omnileads_envars.sh"), "the app host was changed");
        String record = Files.readString(dir.resolve("my_inventory"));
        assertTrue(myInventoryHeader().contains("# action:  upgrade") && myInventoryHeader().contains("# result:  failed"), myInventoryHeader());
        assertTrue(record.contains("postgres_password=" + vars.get("postgres_password") + "\n"), "my_inventory lost the installed password");
        assertEquals(dumps, sh(HOSTS.get(DB), "ls /var/backups/omnileads"), "a backup was taken: the run went past the check");
        checks().run("postgres-granted");
    }

    // ---- change of passwords ---------------------------------------------------------------

    @Test
    @Order(5)
    void changeOfPasswordsNewOnesWorkOldOnesFail() throws Exception {
        Map<String, String> old = new LinkedHashMap<>(vars);
        StackChecks before = checks();
        for (String k : List.of("postgres_password", "admin_pass", "ami_password", "sup_ami_password", "dialer_password", "mysql_root_password")) {
            vars.put(k, PasswordGenerator.generate(20));
            REDACTOR.add(vars.get(k));
        }
        writeInventory(inventory, vars);
        CliRunner.Outcome r = deploy(inventory, "-cp");
        assertOk(r, "change of passwords");
        assertTrue(myInventoryHeader().contains("# action:  change-passwords"), myInventoryHeader());
        StackChecks after = checks();
        after.all();
        assertTrue(adminLogin(vars.get("admin_pass")), "the web admin cannot log in with the new password");
        assertFalse(adminLogin(old.get("admin_pass")), "the web admin still logs in with the old password");
        for (String check : List.of("postgres-granted", "ami-accepted", "mariadb-root")) {
            assertThrows(AssertionError.class, () -> before.run(check), check + " still passes with the old password");
        }
        assertTrue(mariadbDialerUser(vars.get("dialer_password")), "the dialer user cannot log in with the new password");
        assertFalse(mariadbDialerUser(old.get("dialer_password")), "the dialer user still logs in with the old password");
    }

    /** Logs in to Django's admin through nginx from another host; true when the login is accepted (302 to /admin/). */
    private static boolean adminLogin(String password) {
        TestHost from = HOSTS.get(KAM);
        String base = "https://lc1";
        String curl = "curl -sS --max-time 20 --cacert /etc/omnileads/tls/ca.crt --resolve lc1:443:" + HOSTS.get(APP).address()
                + " -c /run/oml-lc/jar -b /run/oml-lc/jar ";
        String script = "set -e\n" + curl + "-o /dev/null " + base + "/admin/login/\n"
                + "tok=$(awk '$6==\"csrftoken\"{print $7}' /run/oml-lc/jar)\n"
                + curl + "-o /dev/null -w '%{http_code} %{redirect_url}' -H 'Referer: " + base + "/admin/login/'"
                + " --data-urlencode \"csrfmiddlewaretoken=$tok\" --data-urlencode username=admin"
                + " --data-urlencode password@/run/oml-lc/pw --data-urlencode next=/admin/ " + base + "/admin/login/\n";
        String out = withSecret(from, password, script).trim();
        assertTrue(out.startsWith("302") || out.startsWith("200"), "unexpected answer of the admin login: " + out);
        return out.startsWith("302") && out.endsWith("/admin/");
    }

    /** The dialer's MariaDB user logs in with this password (as a non-root OS user). */
    private static boolean mariadbDialerUser(String password) {
        String out = withSecret(HOSTS.get(DIALER), password,
                "MYSQL_PWD=$(cat /run/oml-lc/pw); export MYSQL_PWD; runuser -u nobody -- mariadb -udemoadmin -N -e 'select 6*7' wombat 2>&1 || true").trim();
        return out.equals("42");
    }

    private static String withSecret(TestHost h, String secret, String script) {
        h.execInside("install", "-d", "-m", "0700", "/run/oml-lc");
        try {
            h.copyInside(secret, 0600, "/run/oml-lc/pw");
            return sh(h, script);
        } finally {
            h.execInside("rm", "-rf", "/run/oml-lc");
        }
    }

    // ---- change of network -----------------------------------------------------------------

    @Test
    @Order(6)
    void changeOfNetworkRewritesEveryFileAndTheStackWorksAgain() throws Exception {
        String oldAst = HOSTS.get(AST).address();
        String oldDb = HOSTS.get(DB).address();
        TestHost ast = HOSTS.readdress(AST, moved(oldAst));
        TestHost db = HOSTS.readdress(DB, moved(oldDb));
        writeInventory(inventory, vars);

        CliRunner.Outcome r = deploy(inventory, "-cnet");
        assertOk(r, "change of network");
        String out = r.out();
        assertTrue(out.contains("rewritten and restarted, per host:"), out);
        for (String f : List.of("/etc/hosts", "/etc/profile.d/omnileads_envars.sh", "/etc/postgresql/15/main/pg_hba.conf",
                "/etc/postgresql/15/main/conf.d/omnileads.conf", "/etc/kamailio/kamailio.cfg", "/opt/omnileads/asterisk/etc/asterisk/pjsip.conf",
                "/etc/odbc.ini", "/opt/omnileads/asterisk/etc/asterisk/http.conf", "/etc/omnileads/tls/host.crt")) {
            assertTrue(out.contains("    " + f + "\n"), f + " is not in the report of rewritten files:\n" + out);
        }
        assertTrue(myInventoryHeader().contains("# action:  change-network") && myInventoryHeader().contains("# result:  success"), myInventoryHeader());

        StackChecks c = checks();
        c.awaitServices(java.time.Duration.ofSeconds(60));
        c.all();
        assertEquals("3", psqlOnDb("select count(*) from calls_campaign where name like 'lifecycle-%'"));
        for (TestHost h : HOSTS.all()) {
            String found = sh(h, "grep -rIlwF -e " + Shell.quote(oldAst) + " -e " + Shell.quote(oldDb)
                    + " /etc /opt/omnileads --exclude-dir=log --exclude-dir=spool --exclude-dir=backup 2>/dev/null || true").trim();
            assertEquals("", found, h + " still has an old address in: " + found);
        }
        assertTrue(ast.address().equals(parsed().wiring().ip(org.omnileads.deploy.inventory.Component.ASTERISK)) && db.address().startsWith("10.88."));

        // plain -i -a with the new inventory reaches the same state: nothing left to change
        CliRunner.Outcome again = deploy(inventory, "-i", "-a");
        assertOk(again, "install after the change of network");
        changedPerHost(again.out()).forEach((h, n) -> assertEquals(0, n, h + " changed " + n + " task(s) after -cnet:\n" + tail(again.out())));
    }

    /** Another address in the same /16: the last octet moved by 100 (the fixed blocks start at .10 to .235). */
    private static String moved(String address) {
        String[] p = address.split("\\.");
        int last = Integer.parseInt(p[3]);
        return p[0] + "." + p[1] + "." + p[2] + "." + (last < 150 ? last + 100 : last - 100);
    }
}
