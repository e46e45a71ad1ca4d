package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** directory, file, copy, template, line, block, user and group on a real Debian 12 host, over SSH. */
@Tag("hosts")
class FileKindsOnHostTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "files");

    static TaskHarness run;
    static TestHost host;

    @BeforeAll
    static void connect() throws Exception {
        host = HOSTS.get(0);
        run = TaskHarness.connect(host);
        host.shInside("mkdir -p /tmp/oml-test");
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (run != null) run.close();
    }

    private String inside(String script) { return host.shInside(script).getStdout(); }

    @Test
    void theBatchedFileFactsSayWhatEachTasksOwnProbeSaysOnTheHost() throws Exception {
        java.nio.file.Path d = java.nio.file.Path.of("/tmp/oml-test/facts");
        host.shInside("rm -rf " + d + " && mkdir -p " + d);
        assertEquals("", inside(FileFactsTest.makeStates(d)));
        FileFactsTest.assertSameFacts(script -> {
            try {
                return run.remote().exec(org.omnileads.deploy.ssh.RemoteCommand.script(script)).stdout();
            } catch (org.omnileads.deploy.ssh.SshException e) {
                throw new IllegalStateException(e);
            }
        }, FileFactsTest.tasksFor(FileFactsTest.states(d)));
    }

    @Test
    void usersGroupsFoldersAndFilesConverge() throws Exception {
        List<Task> tasks = List.of(
                Tasks.of("group", "name", "omltest"),
                Tasks.of("user", "name", "omltest", "group", "omltest", "home", "/opt/omltest", "shell", "/bin/bash"),
                Tasks.of("directory", "path", "/opt/omltest/a/b", "owner", "omltest", "mode", "0750"),
                Tasks.of("file", "path", "/opt/omltest/a/b/conf.cfg", "content", "key=value\nhost=h1\n", "mode", "0640", "owner", "omltest"),
                Tasks.of("copy", "src", new RoleFile("files/blob.bin", new byte[] {0, 1, 2, (byte) 0xff}), "dest", "/opt/omltest/blob.bin"),
                Tasks.of("template", "src", new RoleFile("templates/t.j2", "rendered 'quotes' $HOME `x`\n".getBytes(StandardCharsets.UTF_8)),
                        "dest", "/opt/omltest/t.conf", "mode", "0600"));
        Convergence.assertConverges(host, run, tasks, 6);
        assertEquals("omltest root 750", inside("stat -c '%U %G %a' /opt/omltest/a/b").trim());
        assertEquals("omltest root 640", inside("stat -c '%U %G %a' /opt/omltest/a/b/conf.cfg").trim());
        assertEquals("key=value\nhost=h1\n", inside("cat /opt/omltest/a/b/conf.cfg"));
        assertEquals("rendered 'quotes' $HOME `x`\n", inside("cat /opt/omltest/t.conf"));
        assertEquals("000102ff", inside("od -An -tx1 /opt/omltest/blob.bin").replace(" ", "").trim());
        assertEquals("omltest:x", inside("getent passwd omltest | cut -d: -f1,2").trim());
        assertTrue(inside("getent passwd omltest").contains(":/opt/omltest:/bin/bash"));
    }

    /** What the user probe printed when it asked getent and id, for comparison. */
    private static String getentUser(String name) {
        return Script.fmt("if oml_e=$(getent passwd %q); then echo \"passwd=$oml_e\"; oml_g=$(id -Gn %q); "
                + "echo \"group=${oml_g%% *}\"; echo \"groups=$oml_g\"; fi\n", name, name);
    }

    @Test
    void theUserAndGroupProbesReadTheAccountFilesAsGetentAndIdAnswer() throws Exception {
        host.shInside("groupadd -f omlacc1; groupadd -f omlacc2; groupadd -f omlacc3; "
                + "id omlacc >/dev/null 2>&1 || useradd -M -g omlacc2 -G omlacc3,omlacc1,audio omlacc; "
                + "id omlsys >/dev/null 2>&1 || useradd --system -M omlsys");
        List<String> names = List.of("root", "daemon", "nobody", "www-data", "omlacc", "omlsys", "oml-no-such");
        for (String nss : List.of("files", "files systemd")) {
            host.shInside("sed -i -E 's/^(passwd|group):.*/\\1: " + nss + "/' /etc/nsswitch.conf");
            for (String n : names) {
                Task user = Tasks.of("user", "name", n);
                assertEquals(inside(getentUser(n)), inside(user.probe()), n + " with " + nss);
                assertEquals(inside(Script.fmt("getent group %q >/dev/null && echo exists=yes; true", n)),
                        inside(Tasks.of("group", "name", n).probe()), "group " + n + " with " + nss);
            }
        }
        // sh -x traces every command the probe runs: with files then systemd, id gives the groups;
        // with the files alone, neither getent nor id runs.
        String traced = "sh -x -c " + org.omnileads.deploy.ssh.Shell.quote(Tasks.of("user", "name", "omlacc").probe())
                + " 2>&1 >/dev/null | grep -E '^\\+ (getent|id) ' || true";
        assertEquals("+ id -Gn omlacc", host.shInside(traced).getStdout().trim());
        host.shInside("sed -i -E 's/^(passwd|group):.*/\\1: files/' /etc/nsswitch.conf");
        assertEquals("", host.shInside(traced).getStdout(), "the probe ran getent or id");
        assertTrue(inside(getentUser("omlacc")).contains("groups=omlacc2 "), "omlacc's primary group comes first");
    }

    @Test
    void changedContentShowsADiffAndModeOnlyChangesOnlyTheMode() throws Exception {
        host.shInside("printf 'a\\nb\\nc\\n' > /tmp/oml-test/d.txt; chmod 0644 /tmp/oml-test/d.txt");
        Task t = Tasks.of("file", "path", "/tmp/oml-test/d.txt", "content", "a\nB\nc\n");
        Plan p = run.check(List.of(t)).get(0);
        Plan.Change c = assertInstanceOf(Plan.Change.class, p);
        assertEquals("--- /tmp/oml-test/d.txt\n+++ /tmp/oml-test/d.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", c.diff());
        assertEquals(TaskHarness.Status.CHANGED, run.run(List.of(t)).get(0).status());

        String inode = inside("stat -c %i /tmp/oml-test/d.txt");
        Task modeOnly = Tasks.of("file", "path", "/tmp/oml-test/d.txt", "content", "a\nB\nc\n", "mode", "0600");
        Plan.Change m = assertInstanceOf(Plan.Change.class, run.check(List.of(modeOnly)).get(0));
        assertEquals("/tmp/oml-test/d.txt: mode 0644 → 0600", m.summary());
        assertEquals(null, m.diff());
        assertEquals(TaskHarness.Status.CHANGED, run.run(List.of(modeOnly)).get(0).status());
        assertEquals(inode, inside("stat -c %i /tmp/oml-test/d.txt"), "a mode change must not rewrite the file");
        assertEquals("600", inside("stat -c %a /tmp/oml-test/d.txt").trim());
    }

    @Test
    void aBindMountedTargetIsWrittenInPlace() throws Exception {
        // /etc/hosts is a bind mount in a container: rename over it fails with EBUSY.
        String hosts = inside("cat /etc/hosts");
        Task t = Tasks.of("file", "path", "/etc/hosts", "content", hosts + "10.99.0.1 comp0.example\n");
        List<TaskHarness.Outcome> first = run.run(List.of(t));
        assertEquals(TaskHarness.Status.CHANGED, first.get(0).status(), first.get(0).output());
        assertTrue(inside("cat /etc/hosts").endsWith("10.99.0.1 comp0.example\n"));
        assertEquals(TaskHarness.Status.OK, run.run(List.of(t)).get(0).status());
        assertEquals("", inside("ls -a /etc | grep '^.oml-write' || true").trim(), "no temporary file left behind");
    }

    @Test
    void linesAndBlocksConvergeInOneApplyScript() throws Exception {
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tasks.add(Tasks.of("line", "path", "/tmp/oml-test/envars.sh", "line", "export VAR" + i + "=val" + i, "create", true, "mode", "0644"));
        }
        tasks.add(Tasks.of("line", "path", "/tmp/oml-test/envars.sh", "regexp", "^export VAR7=", "line", "export VAR7=val7"));
        tasks.add(Tasks.of("block", "path", "/tmp/oml-test/envars.sh", "block", "# managed\nexport A=1\n"));
        Convergence.assertConverges(host, run, tasks, 9);
        // Planned from the same probe, these would see the file as it was before the batch: run them apart.
        Convergence.assertConverges(host, run, List.of(
                Tasks.of("line", "path", "/tmp/oml-test/envars.sh", "line", "export VAR0=val0", "state", "absent"),
                Tasks.of("line", "path", "/tmp/oml-test/envars.sh", "regexp", "^export VAR3=", "line", "export VAR3=changed"),
                Tasks.of("block", "path", "/tmp/oml-test/envars.sh", "block", "export A=2")), 3);
        assertEquals("""
                export VAR1=val1
                export VAR2=val2
                export VAR3=changed
                export VAR4=val4
                export VAR5=val5
                export VAR6=val6
                export VAR7=val7
                # BEGIN OML MANAGED BLOCK
                export A=2
                # END OML MANAGED BLOCK
                """, inside("cat /tmp/oml-test/envars.sh"));
        Convergence.assertConverges(host, run, List.of(
                Tasks.of("block", "path", "/tmp/oml-test/envars.sh", "state", "absent")), 1);
        assertTrue(inside("cat /tmp/oml-test/envars.sh").endsWith("export VAR7=val7\n"));
    }

    @Test
    void lineEditsMatchWhatThePlanPredicted() throws Exception {
        String start = "# comment\nport=1\n[section]\nport = 2\nlast line without newline";
        host.shInside("printf '%s' '" + start + "' > /tmp/oml-test/edit.conf");
        Task t = Tasks.of("line", "path", "/tmp/oml-test/edit.conf", "regexp", "^port[[:space:]]*=", "line", "port=3");
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(t)).get(0));
        assertEquals(TaskHarness.Status.CHANGED, run.run(List.of(t)).get(0).status());
        String after = inside("cat /tmp/oml-test/edit.conf");
        assertEquals("# comment\nport=1\n[section]\nport=3\nlast line without newline\n", after);
        assertTrue(c.diff().contains("\n-port = 2\n") && c.diff().contains("\n+port=3\n"), c.diff());
        assertTrue(c.diff().contains("\\ No newline at end of file"), c.diff());
    }

    @Test
    void missingFileWithoutCreateFailsClearly() throws Exception {
        Task t = Tasks.of("line", "path", "/tmp/oml-test/nothere.conf", "line", "x=1");
        List<TaskHarness.Outcome> o = run.run(List.of(t));
        assertEquals(TaskHarness.Status.FAILED, o.get(0).status());
        assertTrue(o.get(0).output().contains("does not exist (create: false)"), o.get(0).output());
    }
}
