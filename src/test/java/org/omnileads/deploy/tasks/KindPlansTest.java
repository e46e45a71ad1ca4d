package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind's plan from canned probe output: what the host says → Ok, or what change. */
class KindPlansTest {
    static final String STAT_FILE = "type=regular file\nowner=root\nuid=0\ngroup=root\ngid=0\nmode=644\nsize=4\n";

    static Plan.Change change(Plan p) { return assertInstanceOf(Plan.Change.class, p); }

    @Test
    void fileContent() {
        Task t = Tasks.of("file", "path", "/etc/x", "content", "new\n", "mode", "0640");
        String sha = ContentTask.sha256("new\n".getBytes(StandardCharsets.UTF_8));
        Plan.Change create = change(t.plan("type=absent\n"));
        assertEquals("create /etc/x (4 bytes, mode 0640)", create.summary());
        assertEquals("--- /dev/null\n+++ /etc/x\n@@ -0,0 +1 @@\n+new\n", create.diff());
        assertFalse(create.dependsOnEarlier());

        assertEquals(new Plan.Ok("/etc/x is up to date"), t.plan(STAT_FILE.replace("mode=644", "mode=640") + "sha256=" + sha + "\n"));
        Plan.Change mode = change(t.plan(STAT_FILE + "sha256=" + sha + "\n"));
        assertEquals("/etc/x: mode 0644 → 0640", mode.summary());
        assertNull(mode.diff());

        String old = Base64.getEncoder().encodeToString("old\n".getBytes(StandardCharsets.UTF_8));
        Plan.Change update = change(t.plan(STAT_FILE + "sha256=abc\ncontent=" + old + "\n"));
        assertEquals("update /etc/x (+1 -1 lines); mode 0644 → 0640", update.summary());
        assertEquals("--- /etc/x\n+++ /etc/x\n@@ -1 +1 @@\n-old\n+new\n", update.diff());

        Plan.Change big = change(t.plan(STAT_FILE + "sha256=abc\n"));
        assertTrue(big.summary().startsWith("update /etc/x (larger than 64 KiB"), big.summary());
        assertNull(big.diff());

        assertEquals("/etc/x is a folder, not a file", change(t.plan("type=directory\nmode=755\n")).summary());
        assertTrue(t.probe().contains(sha), "the probe prints the content only when the hash differs");
    }

    @Test
    void fileAbsent() {
        Task t = Tasks.of("file", "path", "/etc/x", "state", "absent");
        assertEquals(new Plan.Ok("/etc/x is absent"), t.plan("type=absent\n"));
        assertEquals("remove /etc/x", change(t.plan(STAT_FILE)).summary());
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("file", "path", "/etc/x"));
    }

    @Test
    void directory() {
        Task t = Tasks.of("directory", "path", "/opt/a", "owner", "omnileads", "mode", "0755");
        assertEquals("create folder /opt/a (owner omnileads, mode 0755)", change(t.plan("type=absent\n")).summary());
        assertEquals(new Plan.Ok("/opt/a exists"), t.plan("type=directory\nowner=omnileads\nuid=999\ngroup=x\ngid=1\nmode=755\n"));
        assertEquals(new Plan.Ok("/opt/a exists"), t.plan("type=directory\nowner=UNKNOWN\nuid=omnileads\ngroup=x\ngid=1\nmode=755\n"));
        assertEquals("/opt/a: owner root → omnileads, mode 0700 → 0755", change(t.plan("type=directory\nowner=root\nuid=0\ngroup=root\ngid=0\nmode=700\n")).summary());
        assertEquals("/opt/a exists and is not a folder", change(t.plan(STAT_FILE)).summary());
    }

    @Test
    void lineAndBlock() {
        String content = Base64.getEncoder().encodeToString("a=1\nb=2\n".getBytes(StandardCharsets.UTF_8));
        Task present = Tasks.of("line", "path", "/etc/x", "line", "b=2");
        assertEquals(new Plan.Ok("/etc/x: line \"b=2\" is as wanted"), present.plan(STAT_FILE + "content=" + content + "\n"));
        Task replace = Tasks.of("line", "path", "/etc/x", "regexp", "^a=", "line", "a=5");
        Plan.Change c = change(replace.plan(STAT_FILE + "content=" + content + "\n"));
        assertEquals("--- /etc/x\n+++ /etc/x\n@@ -1,2 +1,2 @@\n-a=1\n+a=5\n b=2\n", c.diff());
        Plan.Change missing = change(present.plan("type=absent\n"));
        assertTrue(missing.dependsOnEarlier(), "an earlier task may create the file");
        assertEquals("create /etc/x with line \"b=2\"", change(Tasks.of("line", "path", "/etc/x", "line", "b=2", "create", true).plan("type=absent\n")).summary());
        assertEquals(new Plan.Ok("/etc/x does not exist"), Tasks.of("line", "path", "/etc/x", "line", "b=2", "state", "absent").plan("type=absent\n"));

        Task block = Tasks.of("block", "path", "/etc/x", "block", "one\ntwo\n");
        Plan.Change b = change(block.plan(STAT_FILE + "content=" + content + "\n"));
        assertEquals("--- /etc/x\n+++ /etc/x\n@@ -1,2 +1,6 @@\n a=1\n b=2\n+# BEGIN OML MANAGED BLOCK\n+one\n+two\n+# END OML MANAGED BLOCK\n", b.diff());
        String with = Base64.getEncoder().encodeToString("a=1\n# BEGIN OML MANAGED BLOCK\none\ntwo\n# END OML MANAGED BLOCK\nb=2\n".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(Plan.Ok.class, block.plan(STAT_FILE + "content=" + with + "\n"), "a block already in place, even mid-file");
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("block", "path", "/x", "block", "b", "marker", "# no mark"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("line", "path", "/x", "line", "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("line", "path", "/x", "line", "a", "regexp", "(unclosed"));
    }

    @Test
    void serviceStates() {
        Task t = Tasks.of("service", "name", "cron", "state", "started", "enabled", true);
        assertEquals(new Plan.Ok("cron is active, enabled"), t.plan("LoadState=loaded\nActiveState=active\nUnitFileState=enabled\n"));
        assertEquals("enable cron, start cron", change(t.plan("LoadState=loaded\nActiveState=inactive\nUnitFileState=disabled\n")).summary());
        assertInstanceOf(Plan.Ok.class, t.plan("LoadState=loaded\nActiveState=active\nUnitFileState=static\n"), "a static unit cannot be enabled");
        Plan.Change unknown = change(t.plan("LoadState=not-found\nActiveState=inactive\nUnitFileState=\n"));
        assertTrue(unknown.dependsOnEarlier());
        assertEquals("restart cron", change(Tasks.of("service", "name", "cron", "state", "restarted").plan("LoadState=loaded\nActiveState=active\n")).summary());
        assertEquals("disable cron, stop cron",
                change(Tasks.of("service", "name", "cron", "state", "stopped", "enabled", false).plan("LoadState=loaded\nActiveState=active\nUnitFileState=enabled\n")).summary());
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("service", "name", "cron"));
    }

    @Test
    void packagesWithApt() {
        Task t = Tasks.of("package", "names", List.of("less", "curl=7.88.1-10+deb12u5"));
        assertTrue(t.probe().contains("dpkg-query -W -f='dpkg=${db:Status-Abbrev}\\t${Package}\\t${Version}\\n' less curl"), t.probe());
        assertFalse(t.probe().contains("awk"), "the installed ones are picked here, not by another process on the host");
        assertEquals(new Plan.Ok("installed: less, curl=7.88.1-10+deb12u5"), t.plan("dpkg=ii \tless\t590-2\ndpkg=ii \tcurl\t7.88.1-10+deb12u5\n"));
        Plan.Change c = change(t.plan("dpkg=ii \tless\t590-2\ndpkg=ii \tcurl\t7.88.1-10+deb12u4\n"));
        assertEquals("install curl=7.88.1-10+deb12u5", c.summary());
        // Only "ii" is installed: removed with its config files kept (rc), half-configured (iF), not installed (un).
        assertEquals("install less", change(t.plan("dpkg=rc \tless\t590-2\ndpkg=ii \tcurl\t7.88.1-10+deb12u5\n")).summary());
        assertEquals("install less", change(t.plan("dpkg=iF \tless\t590-2\ndpkg=ii \tcurl\t7.88.1-10+deb12u5\n")).summary());
        assertEquals("install less, curl=7.88.1-10+deb12u5", change(t.plan("dpkg=un \tless\t\n")).summary());
        assertTrue(c.step().script().contains("--no-install-recommends"));
        assertTrue(c.step().script().contains("DPkg::Lock::Timeout=600"));
        assertTrue(c.step().script().contains("DEBIAN_FRONTEND=noninteractive"));
        assertSame(Apt.class, t.packageSource().getClass(), "an install reads the repositories first");
        assertNull(Tasks.of("package", "names", List.of("less"), "state", "absent").packageSource(), "a removal needs no repository");
        Task latest = Tasks.of("package", "names", List.of("less"), "state", "latest");
        assertTrue(latest.probe().contains("apt-cache policy less"));
        assertEquals("install or upgrade less", change(latest.plan("dpkg=ii \tless\t590-1\ncandidate=less\t590-2\n")).summary());
        assertInstanceOf(Plan.Ok.class, latest.plan("dpkg=ii \tless\t590-2\ncandidate=less\t590-2\n"));
        assertEquals("remove less", change(Tasks.of("package", "names", "less", "state", "absent").plan("dpkg=ii \tless\t590-2\n")).summary());
        assertInstanceOf(Plan.Ok.class, Tasks.of("package", "names", "less", "state", "absent").plan("dpkg=rc \tless\t590-2\n"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("package", "names", List.of("-oDebug::x")));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("package", "names", List.of("two words")));
    }

    @Test
    void dnfBuildsItsOwnCommands() {
        Dnf dnf = new Dnf();
        assertEquals("rpm -q --qf 'pkg=%{NAME}\\t%{VERSION}-%{RELEASE}\\n' less c++ 2>/dev/null | grep '^pkg='\n", dnf.probe(List.of("less", "c++"), false));
        assertTrue(dnf.probe(List.of("less"), true).contains("dnf -q repoquery --latest-limit 1 --qf 'candidate=%{name}\\t%{version}-%{release}' less"));
        assertEquals("""
                set --
                for oml_n in less curl; do
                  rpm -q "${oml_n%%=*}" >/dev/null 2>&1 || set -- "$@" "${oml_n%%=*}"
                done
                [ $# -gt 0 ] || exit 99
                dnf -y install "$@" || exit 1
                exit 0
                """, dnf.installScript(List.of("less", "curl")));
        assertTrue(dnf.removeScript(List.of("less")).contains("dnf -y remove \"$@\""));
        assertTrue(dnf.upgradeScript(List.of("less")).contains("dnf -y upgrade less"));
        Task t = Tasks.of("package", "names", List.of("less"), "tool", "dnf");
        assertTrue(t.probe().contains("rpm -q"));
        assertEquals("install less", change(t.plan("")).summary());
        assertTrue(change(t.plan("")).step().script().contains("dnf -y install"));
    }

    @Test
    void usersAndGroups() {
        Task g = Tasks.of("group", "name", "omnileads", "system", true);
        assertEquals(new Plan.Ok("group omnileads exists"), g.plan("exists=yes\n"));
        assertTrue(change(g.plan("")).step().script().contains("groupadd --system omnileads"));
        Task u = Tasks.of("user", "name", "omnileads", "group", "omnileads", "home", "/opt/omnileads", "shell", "/bin/bash", "groups", List.of("audio"));
        assertEquals("create user omnileads (group omnileads, groups audio, home /opt/omnileads, shell /bin/bash)", change(u.plan("")).summary());
        String ok = "passwd=omnileads:x:999:999::/opt/omnileads:/bin/bash\ngroup=omnileads\ngroups=omnileads audio\n";
        assertEquals(new Plan.Ok("user omnileads exists"), u.plan(ok));
        assertEquals("user omnileads: shell /bin/sh → /bin/bash, add to group audio",
                change(u.plan("passwd=omnileads:x:999:999::/opt/omnileads:/bin/sh\ngroup=omnileads\ngroups=omnileads\n")).summary());
        assertTrue(change(u.plan("")).step().script().contains("useradd -g omnileads -G audio -d /opt/omnileads -s /bin/bash -m \"$oml_n\""));
    }

    @Test
    void commandGuards() {
        Task t = Tasks.of("command", "run", "make install", "creates", "/usr/sbin/asterisk", "unless", "test -f /x");
        assertEquals(new Plan.Ok("/usr/sbin/asterisk exists"), t.plan("creates=yes\n"));
        assertEquals(new Plan.Ok("unless condition holds"), t.plan("unless=yes\n"));
        Plan.Change c = change(t.plan(""));
        assertTrue(c.dependsOnEarlier());
        assertEquals("run make install", c.summary());
        assertTrue(c.step().script().startsWith("if [ -e /usr/sbin/asterisk ] || [ -L /usr/sbin/asterisk ]; then exit 99; fi\n"), "guards re-checked at apply");
        assertEquals("", Tasks.of("command", "run", "true").probe(), "no guard, no facts");
        assertTrue(change(Tasks.of("command", "run", "true", "changed_when", "never").plan("")).step().script().endsWith("exit 99\n"));
    }

    @Test
    void download() {
        String sha = "a".repeat(64);
        Task t = Tasks.of("download", "url", "https://example.org/a.tgz", "sha256", sha.toUpperCase(), "dest", "/opt/a.tgz");
        assertEquals(new Plan.Ok("/opt/a.tgz is there with the right SHA-256"), t.plan(STAT_FILE + "sha256=" + sha + "\n"));
        assertEquals("download https://example.org/a.tgz to /opt/a.tgz (SHA-256 differs)", change(t.plan(STAT_FILE + "sha256=" + "b".repeat(64) + "\n")).summary());
        String step = change(t.plan("type=absent\n")).step().script();
        assertTrue(step.contains("curl -fsSL --connect-timeout 20 -C - -o"), "resumable");
        assertTrue(step.contains("neither curl nor wget"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("download", "url", "https://x/a", "sha256", "abc", "dest", "/a"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("download", "url", "file:///etc/shadow", "sha256", sha, "dest", "/a"));
    }

    @Test
    void unarchive() {
        Task t = Tasks.of("unarchive", "src", "/opt/a.tgz", "dest", "/opt/a");
        assertTrue(change(t.plan("")).dependsOnEarlier(), "the archive may come from a download in this run");
        assertEquals(new Plan.Ok("/opt/a.tgz is extracted in /opt/a"), t.plan("src_sha256=abc\nstamp=abc\ndest=yes\n"));
        assertEquals("extract /opt/a.tgz into /opt/a", change(t.plan("src_sha256=abd\nstamp=abc\ndest=yes\n")).summary());
        Task c = Tasks.of("unarchive", "src", "/opt/a.tgz", "dest", "/opt/a", "creates", "/opt/a/bin");
        assertEquals(new Plan.Ok("/opt/a/bin exists"), c.plan("creates=yes\n"));
    }

    @Test
    void waitForPortTimezoneHostname() {
        Task w = Tasks.of("wait_for_port", "port", 5432);
        assertEquals(new Plan.Ok("127.0.0.1:5432 accepts connections"), w.plan("open=yes\n"));
        Plan.Change c = change(w.plan("open=no\n"));
        assertTrue(c.dependsOnEarlier());
        assertTrue(c.step().script().endsWith("exit 99\n"), "waiting is not a change");
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("wait_for_port", "port", 70000));

        Task tz = Tasks.of("timezone", "name", "America/Argentina/Cordoba");
        assertEquals(new Plan.Ok("time zone is America/Argentina/Cordoba"),
                tz.plan("localtime=/usr/share/zoneinfo/America/Argentina/Cordoba\netc_timezone=America/Argentina/Cordoba\nzone=yes\n"));
        assertEquals("time zone Etc/UTC → America/Argentina/Cordoba", change(tz.plan("localtime=/usr/share/zoneinfo/Etc/UTC\nzone=yes\n")).summary());
        assertTrue(change(tz.plan("localtime=\nzone=no\n")).dependsOnEarlier(), "tzdata may come earlier");
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("timezone", "name", "../../etc/passwd"));

        Task h = Tasks.of("hostname", "name", "omniapp1");
        assertEquals(new Plan.Ok("host name is omniapp1"), h.plan("running=omniapp1\nfile=omniapp1\n"));
        Plan ok = h.plan("running=abc123\nfile=omniapp1\ncontainer=yes\n");
        assertEquals("/etc/hostname says omniapp1; the running name stays abc123 (a container's name is set by its engine)", ((Plan.Ok) ok).detail());
        assertEquals("host name abc → omniapp1", change(h.plan("running=abc\nfile=abc\n")).summary());
    }

    @Test
    void postgresPlans() {
        Task role = Tasks.of("postgres_role", "name", "omnileads", "password", "pw-123456");
        String good = ScramVerifier.create("pw-123456");
        assertEquals(new Plan.Ok("PostgreSQL role omnileads is as wanted"), role.plan("pg=up\nlogin=true\nsuperuser=false\nverifier=" + good + "\n"));
        Plan.Change pw = change(role.plan("pg=up\nlogin=true\nsuperuser=false\nverifier=" + ScramVerifier.create("other") + "\n"));
        assertEquals("PostgreSQL role omnileads: set password", pw.summary());
        assertFalse(pw.step().script().contains("pw-123456"));
        assertTrue(pw.step().script().contains("ALTER ROLE \"omnileads\" PASSWORD 'SCRAM-SHA-256$4096:"));
        assertEquals("PostgreSQL role omnileads: set password", change(role.plan("pg=up\nlogin=true\nsuperuser=false\nverifier=md5abc\n")).summary());
        assertEquals("create PostgreSQL role omnileads", change(role.plan("pg=up\n")).summary());
        assertTrue(change(role.plan("pg=down\n")).dependsOnEarlier());
        assertEquals(List.of("pw-123456"), role.secrets());
        assertFalse(role.probe().contains("pw-123456"), "probes never carry the password");

        Task db = Tasks.of("postgres_database", "name", "omnileads", "owner", "omnileads");
        assertEquals(new Plan.Ok("PostgreSQL database omnileads exists"), db.plan("pg=up\nowner=omnileads\n"));
        assertEquals("create PostgreSQL database omnileads owned by omnileads", change(db.plan("pg=up\n")).summary());
        Task ext = Tasks.of("postgres_extension", "name", "pgcrypto", "database", "omnileads");
        assertEquals(new Plan.Ok("extension pgcrypto 1.3 is in omnileads"), ext.plan("pg=up\nversion=1.3\n"));
        assertTrue(change(ext.plan("pg=down\n")).dependsOnEarlier());
    }

    @Test
    void mysqlPlans() {
        Task root = Tasks.of("mysql_root_password", "password", "root-pw");
        assertInstanceOf(Plan.Ok.class, root.plan("db=up\nroot_password=1\nroot_socket=1\nanonymous=0\nremote_root=0\ntest_db=0\n"));
        assertEquals("MariaDB: set root password, remove anonymous users",
                change(root.plan("db=up\nroot_password=0\nroot_socket=1\nanonymous=2\nremote_root=0\ntest_db=0\n")).summary());
        assertFalse(root.probe().contains("root-pw"));
        assertFalse(change(root.plan("db=down\n")).step().script().contains("root-pw"));

        Task u = Tasks.of("mysql_user", "name", "wombat", "password", "w-pw", "database", "wombat", "privileges", List.of("all"));
        String grants = "grant=GRANT USAGE ON *.* TO `wombat`@`localhost`\ngrant=GRANT ALL PRIVILEGES ON `wombat`.* TO `wombat`@`localhost`\n";
        assertEquals(new Plan.Ok("MariaDB user wombat@localhost is as wanted"), u.plan("db=up\nexists=1\npassword=1\n" + grants));
        assertEquals("MariaDB user wombat@localhost: set password", change(u.plan("db=up\nexists=1\npassword=0\n" + grants)).summary());
        assertTrue(change(u.plan("db=up\nexists=0\n")).step().script().contains("GRANT ALL PRIVILEGES ON `wombat`.* TO 'wombat'@'localhost';"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of("mysql_user", "name", "w", "password", "p", "privileges", List.of("ALL; DROP")));
    }

    @Test
    void skippedTasksNeedNoFacts() {
        Task s = new SkippedTask(Tasks.spec("file", "x"), "when: false");
        assertEquals("", s.probe());
        assertEquals(new Plan.Skip("when: false"), s.plan(""));
    }
}
