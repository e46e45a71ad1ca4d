package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every probe and step is valid sh, values cannot break out of their quotes, secrets stay out of argv-shaped text. */
class ScriptSafetyTest {
    /** A value made to break naive quoting: quotes, expansions, a newline-free command separator. */
    static final String HOSTILE = "x'\"; touch /tmp/oml-pwned; echo $(touch /tmp/oml-pwned) `touch /tmp/oml-pwned` '";

    static List<Task> everyKind() {
        String path = "/tmp/oml-safety/" + HOSTILE.replace("/", "_");
        return List.of(
                Tasks.of("package", "names", List.of("less", "c++")),
                Tasks.of("directory", "path", path, "owner", "root", "mode", "0755"),
                Tasks.of("file", "path", path, "content", HOSTILE + "\nOML_EOF\n", "owner", "root", "group", "root", "mode", "0600"),
                Tasks.of("file", "path", path, "state", "absent"),
                Tasks.of("copy", "src", new RoleFile("a", new byte[] {0, 39, 10}), "dest", path),
                Tasks.of("template", "src", new RoleFile("t", HOSTILE.getBytes()), "dest", path),
                Tasks.of("line", "path", path, "line", HOSTILE, "regexp", "^x'", "create", true),
                Tasks.of("line", "path", path, "line", HOSTILE, "state", "absent"),
                Tasks.of("block", "path", path, "block", HOSTILE + "\n" + HOSTILE, "marker", "# {mark} " + HOSTILE),
                Tasks.of("service", "name", "cron", "state", "started", "enabled", true, "daemon_reload", true),
                Tasks.of("service", "name", "cron", "state", "stopped", "enabled", false),
                Tasks.of("user", "name", "u1", "group", "g1", "groups", List.of("a", "b"), "home", path, "shell", "/bin/sh"),
                Tasks.of("group", "name", "g1"),
                Tasks.of("command", "run", "echo hi", "creates", path, "unless", "test -e " + "/nonexistent", "chdir", "/tmp"),
                Tasks.of("download", "url", "https://example.org/a?b=c&d='e'", "sha256", "a".repeat(64), "dest", path, "owner", "root"),
                Tasks.of("unarchive", "src", path, "dest", path, "creates", path, "owner", "root"),
                Tasks.of("postgres_role", "name", "r1", "password", HOSTILE, "superuser", false, "readonly_on_database", "db1"),
                Tasks.of("postgres_database", "name", "db1", "owner", "r1"),
                Tasks.of("postgres_extension", "name", "pgcrypto", "database", "db1"),
                Tasks.of("mysql_user", "name", "u1", "password", HOSTILE, "host", "%", "database", "d`b"),
                Tasks.of("mysql_root_password", "password", HOSTILE),
                Tasks.of("wait_for_port", "port", 9, "timeout", 1),
                Tasks.of("timezone", "name", "Etc/UTC"),
                Tasks.of("hostname", "name", "h1"));
    }

    /** Steps of the plans a task can make: from no facts, and from facts that say "absent". */
    static List<String> steps(Task t) {
        List<String> out = new ArrayList<>();
        for (String facts : List.of("", "type=absent\n", "pg=down\n", "db=down\n")) {
            if (t.plan(facts) instanceof Plan.Change c) out.add(c.step().script());
        }
        return out;
    }

    @Test
    void everyProbeAndStepParses() {
        for (Task t : everyKind()) {
            LocalShell.Result p = LocalShell.syntax(t.probe());
            assertEquals(0, p.status(), t.spec().kind() + " probe: " + p.output() + "\n" + t.probe());
            for (String s : steps(t)) {
                LocalShell.Result r = LocalShell.syntax(s);
                assertEquals(0, r.status(), t.spec().kind() + " step: " + r.output() + "\n" + s);
            }
        }
    }

    @Test
    void kindsThatTouchOnlyFilesRunTheirProbesWithoutSideEffects() throws Exception {
        Files.deleteIfExists(Path.of("/tmp/oml-pwned"));
        for (Task t : everyKind()) {
            String k = t.spec().kind();
            if (List.of("directory", "file", "copy", "template", "line", "block", "download", "unarchive", "timezone", "hostname").contains(k)) {
                LocalShell.run("(\n" + t.probe() + ") </dev/null >/dev/null 2>&1");
            }
        }
        assertFalse(Files.exists(Path.of("/tmp/oml-pwned")), "a hostile value ran as a command");
    }

    @Test
    void secretsNeverAppearInProbesAndOnlyAsHashesInDatabaseSteps() {
        for (Task t : everyKind()) {
            if (t.secrets().isEmpty()) continue;
            assertFalse(t.probe().contains(HOSTILE), t.spec().kind());
            for (String s : steps(t)) assertFalse(s.contains(HOSTILE), t.spec().kind() + " sends the clear password");
        }
    }

    @Test
    void fileContentTravelsEncoded(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.conf");
        String script = AtomicWrite.script(target.toString(), (HOSTILE + "\nOML_EOF\n").getBytes(), new FileAttributes(null, null, 0640));
        assertFalse(script.contains("oml-pwned"), "content is base64 in the script");
        LocalShell.Result r = LocalShell.run(script);
        assertEquals(0, r.status(), r.output());
        assertEquals(HOSTILE + "\nOML_EOF\n", Files.readString(target));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(99, LocalShell.run(script).status(), "the same content again is no change");
        assertEquals(0, LocalShell.run(AtomicWrite.script(target.toString(), "x".getBytes(), new FileAttributes(null, null, 0600))).status());
        assertEquals("x", Files.readString(target));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "no temporary file left");
        }
        assertFalse(Files.exists(Path.of("/tmp/oml-pwned")));
        Files.createDirectory(dir.resolve("adir"));
        LocalShell.Result onDir = LocalShell.run(AtomicWrite.script(dir.resolve("adir").toString(), "x".getBytes(), FileAttributes.NONE));
        assertEquals(1, onDir.status());
        assertTrue(onDir.output().contains("is a directory, not a file"));
        LocalShell.Result noParent = LocalShell.run(AtomicWrite.script(dir.resolve("none/x").toString(), "x".getBytes(), FileAttributes.NONE));
        assertTrue(noParent.output().contains("does not exist"), noParent.output());
    }

    @Test
    void scriptFormattingQuotesEveryValue() {
        assertEquals("chown -- 'a b' /x", Script.fmt("chown -- %q %q", "a b", "/x"));
        assertEquals("printf '%s' ''\\''q'", Script.fmt("printf '%s' %q", "'q"));
        assertEquals("cat <<'OML_EOF_1'\nOML_EOF\nOML_EOF_1\n", Script.heredoc("cat", "OML_EOF\n"));
        assertEquals("cat <<'OML_EOF' | wc -l\na\nOML_EOF\n", Script.heredoc("cat", "a", "| wc -l"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Script.fmt("%q %q", "one"));
    }
}
