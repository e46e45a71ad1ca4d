package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched file facts say exactly what each task's own probe script says, for every kind of
 * thing a path can be; run by this machine's sh and coreutils (Debian's, as on a host; the host
 * test in {@link FileKindsOnHostTest} does the same over SSH).
 */
class FileFactsTest {
    @TempDir Path dir;

    /** Paths in every state a probe must tell apart; made by {@link #makeStates}. */
    static List<String> states(Path dir) {
        List<String> out = new ArrayList<>();
        for (String n : List.of("absent", "file", "empty", "big", "dir", "link-file", "link-dir", "dangling", "fifo", "with space 'q' $x"))
            out.add(dir.resolve(n).toString());
        return out;
    }

    static String makeStates(Path dir) {
        String d = org.omnileads.deploy.ssh.Shell.quote(dir.toString());
        return "cd " + d + " && printf 'a=1\\n' > file && : > empty && head -c 70000 /dev/zero | tr '\\0' x > big && mkdir dir"
                + " && ln -s file link-file && ln -s dir link-dir && ln -s nowhere dangling && mkfifo fifo"
                + " && printf 'q=1\\n' > \"with space 'q' \\$x\" && chmod 0640 file\n";
    }

    /** For each path: a folder, a matching and a differing file, an edited file. */
    static List<Task> tasksFor(List<String> paths) {
        List<Task> out = new ArrayList<>();
        for (String p : paths) {
            out.add(Tasks.of("directory", "path", p));
            out.add(Tasks.of("file", "path", p, "content", "a=1\n"));
            out.add(Tasks.of("file", "path", p, "content", "something else\n"));
            out.add(Tasks.of("line", "path", p, "line", "x=1", "create", true));
        }
        return out;
    }

    /**
     * Runs each task's own probe and the batch through {@code shell}; asserts the facts are equal.
     * A followed dangling link prints nothing from its script and {@code type=absent} from the
     * batch: both read as absent, so a script's output without a type counts as absent.
     */
    static void assertSameFacts(Function<String, String> shell, List<Task> tasks) {
        List<FileProbe> probes = new ArrayList<>();
        for (Task t : tasks) probes.add(assertNotNullProbe(t));
        String script = FileFacts.script(FileFacts.batchable(probes));
        Map<FileProbe, String> batched = FileFacts.parse(shell.apply("(\n" + script + ") </dev/null 2>/dev/null\n"), probes);
        int batchedCount = 0;
        for (Task t : tasks) {
            String own = shell.apply("(\n" + t.probe() + "\n) </dev/null 2>/dev/null\n");
            if (!own.contains("type=")) own = "type=absent\n" + own;
            FileProbe p = t.fileProbe();
            if (!p.batchable()) continue;
            batchedCount++;
            assertEquals(own, batched.get(p), t.spec().name() + "\nbatch script:\n" + script);
            assertEquals(t.plan(own), t.plan(batched.get(p)), t.spec().name());
        }
        assertTrue(batchedCount > 0);
    }

    private static FileProbe assertNotNullProbe(Task t) {
        FileProbe p = t.fileProbe();
        assertNotNull(p, t.spec().kind());
        return p;
    }

    private static String sh(String script) {
        LocalShell.Result r = LocalShell.run(script);
        return r.output();
    }

    @Test
    void theBatchSaysWhatEachTasksOwnProbeSays() throws Exception {
        assertEquals("", sh(makeStates(dir)));
        assertTrue(Files.isSymbolicLink(dir.resolve("dangling")));
        assertSameFacts(FileFactsTest::sh, tasksFor(states(dir)));
    }

    @Test
    void aDifferingSmallFileComesWithItsContentAMatchingOneWithout() throws Exception {
        sh(makeStates(dir));
        String file = dir.resolve("file").toString();
        Task same = Tasks.of("file", "path", file, "content", "a=1\n");
        Task other = Tasks.of("file", "path", file, "content", "b=2\n");
        List<FileProbe> probes = List.of(same.fileProbe(), other.fileProbe());
        Map<FileProbe, String> facts = FileFacts.parse(sh(FileFacts.script(probes)), probes);
        assertTrue(facts.get(same.fileProbe()).contains("sha256=" + ContentTask.sha256("a=1\n".getBytes())), facts.toString());
        assertTrue(facts.get(other.fileProbe()).contains("content=YT0xCg=="), facts.toString());
        assertEquals(new Plan.Ok(file + " is up to date"), same.plan(facts.get(same.fileProbe())));
        assertEquals("update " + file + " (+1 -1 lines)", ((Plan.Change) other.plan(facts.get(other.fileProbe()))).summary());
    }

    @Test
    void anEditedRegularFilesSizeComesFromTheBatchsStatAndALinksFromItsOwn() throws Exception {
        sh(makeStates(dir));
        // A stat that logs each call, first on PATH.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("stat-calls");
        Path stat = bin.resolve("stat");
        Files.writeString(stat, "#!/bin/sh\nprintf '%s\\n' \"$*\" | tr '\\n' ' ' >> " + org.omnileads.deploy.ssh.Shell.quote(log.toString()) + "\necho >> " + org.omnileads.deploy.ssh.Shell.quote(log.toString()) + "\nexec /usr/bin/stat \"$@\"\n");
        stat.toFile().setExecutable(true);
        List<Task> edits = List.of(Tasks.of("line", "path", dir.resolve("file").toString(), "line", "x=1"),
                Tasks.of("line", "path", dir.resolve("big").toString(), "line", "x=1"),
                Tasks.of("line", "path", dir.resolve("empty").toString(), "line", "x=1"));
        List<FileProbe> probes = edits.stream().map(Task::fileProbe).toList();
        String path = "PATH=" + org.omnileads.deploy.ssh.Shell.quote(bin + ":/usr/bin:/bin") + "\n";
        Map<FileProbe, String> facts = FileFacts.parse(sh(path + FileFacts.script(probes)), probes);
        assertEquals(1, Files.readAllLines(log).size(), "one stat for all three: " + Files.readAllLines(log));
        assertTrue(facts.get(probes.get(0)).contains("content=YT0xCg=="), facts.toString());
        assertTrue(facts.get(probes.get(1)).contains("big=1"), facts.toString());
        assertTrue(facts.get(probes.get(2)).contains("content=\n"), facts.toString());

        Files.delete(log);
        FileProbe link = Tasks.of("line", "path", dir.resolve("link-file").toString(), "line", "x=1").fileProbe();
        Map<FileProbe, String> viaLink = FileFacts.parse(sh(path + FileFacts.script(List.of(link))), List.of(link));
        List<String> calls = Files.readAllLines(log);
        assertEquals(2, calls.size(), "a link's own stat line does not give its target's size: " + calls);
        assertTrue(calls.get(1).startsWith("-L -c %s"), calls.toString());
        assertTrue(viaLink.get(link).contains("content=YT0xCg=="), viaLink.toString());
    }

    @Test
    void anEditedFileWhoseContentTheCallerKnowsIsRecognizedByItsHashWithoutBase64() throws Exception {
        sh(makeStates(dir));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("base64-calls");
        Path b64 = bin.resolve("base64");
        Files.writeString(b64, "#!/bin/sh\necho call >> " + org.omnileads.deploy.ssh.Shell.quote(log.toString()) + "\nexec /usr/bin/base64 \"$@\"\n");
        b64.toFile().setExecutable(true);
        String path = "PATH=" + org.omnileads.deploy.ssh.Shell.quote(bin + ":/usr/bin:/bin") + "\n";
        String file = dir.resolve("file").toString();
        String link = dir.resolve("link-file").toString();
        List<Task> edits = List.of(Tasks.of("line", "path", file, "line", "x=1"), Tasks.of("line", "path", link, "line", "x=1"));
        List<FileProbe> probes = edits.stream().map(Task::fileProbe).toList();
        String content = java.util.Base64.getEncoder().encodeToString("a=1\n".getBytes());
        Map<String, String> shas = Map.of(file, ContentTask.sha256("a=1\n".getBytes()), link, ContentTask.sha256("a=1\n".getBytes()));
        Map<String, String> contents = Map.of(file, content, link, content);
        String out = sh(path + FileFacts.script(probes, shas));
        assertTrue(out.contains("@@K " + file + "\n"), out);
        assertEquals(1, Files.readAllLines(log).size(), "base64 only for the link, which the batch does not hash");
        Map<FileProbe, String> facts = FileFacts.parse(out, probes, contents);
        for (Task t : edits) {
            String own = sh("(\n" + t.probe() + "\n) </dev/null 2>/dev/null\n");
            assertEquals(own, facts.get(t.fileProbe()), "the same facts as the task's own probe");
        }
        // The file changed: its content comes again, the known one is not used.
        Files.writeString(dir.resolve("file"), "a=2\n");
        Files.delete(log);
        Map<FileProbe, String> changed = FileFacts.parse(sh(path + FileFacts.script(probes, shas)), probes, contents);
        assertTrue(changed.get(probes.get(0)).contains("content=" + java.util.Base64.getEncoder().encodeToString("a=2\n".getBytes())),
                changed.toString());
        assertEquals(2, Files.readAllLines(log).size());
    }

    @Test
    void pathsTheBatchCannotCarryAreLeftToTheTasksOwnProbe() {
        assertFalse(FileProbe.folder("/a\nb").batchable());
        assertFalse(FileProbe.folder("/a\\b").batchable());
        assertFalse(FileProbe.folder("/a  b").batchable());
        assertFalse(FileProbe.folder("relative").batchable());
        assertTrue(FileProbe.folder("/a b/'c'").batchable());
        assertThrows(IllegalArgumentException.class, () -> FileFacts.script(List.of(FileProbe.folder("/a\nb"))));
        assertEquals(List.of(FileProbe.folder("/x")), FileFacts.batchable(List.of(FileProbe.folder("/x"), FileProbe.folder("/x"), FileProbe.folder("/a\nb"))));
    }

    @Test
    void outputNotMentioningAPathMeansAbsent() {
        FileProbe p = FileProbe.content("/etc/x", "00");
        assertEquals("type=absent\n", FileFacts.parse("", List.of(p)).get(p));
        FileProbe e = FileProbe.edited("/etc/y");
        assertEquals("type=regular file\nsize=9\nbig=1\n", FileFacts.parse("@@- /etc/y\ntype=regular file\nsize=9\n@@B /etc/y\n", List.of(e)).get(e));
    }

    @Test
    void aRemovalKeepsItsOwnProbe() {
        assertEquals(null, Tasks.of("file", "path", "/etc/x", "state", "absent").fileProbe());
    }
}
