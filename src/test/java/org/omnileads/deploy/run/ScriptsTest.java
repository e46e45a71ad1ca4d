package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.ssh.RemoteCommand;

/** The batched scripts' format: run by the workstation's own sh, which is what a host's sh -s does with them. */
class ScriptsTest {
    @TempDir Path dir;

    private static String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void probeOutputReachesEachTaskExactlyWithOrWithoutTrailingNewline() throws Exception {
        String nonce = Scripts.nonce();
        List<Scripts.Probe> probes = List.of(
                new Scripts.Probe(0, "printf 'a\\nb\\n'"),
                new Scripts.Probe(3, "printf 'no newline'"),
                new Scripts.Probe(4, "true"),
                new Scripts.Probe(7, "printf 'x\\n\\n'; exit 3"),
                new Scripts.Probe(8, "cat; echo after-stdin"),
                new Scripts.Probe(9, "printf '@@OML-other F 1\\n'; ls /nonexistent"));
        String out = sh(Scripts.probeScript(nonce, probes));
        assertTrue(Scripts.complete(nonce, out));
        Map<Integer, String> facts = Scripts.parseFacts(nonce, out, probes);
        assertEquals("a\nb\n", facts.get(0));
        assertEquals("no newline", facts.get(3));
        assertEquals("", facts.get(4));
        assertEquals("x\n\n", facts.get(7), "an exit inside a probe ends only its subshell");
        assertEquals("after-stdin\n", facts.get(8), "a probe reading stdin must not eat the rest of the script");
        assertEquals("@@OML-other F 1\n", facts.get(9), "another script's marker is plain text here");
        assertEquals(6, facts.size());
    }

    /**
     * Two slow probes that each wait (up to 5 s) for the other to have started: run one after the
     * other, the first gives up and prints nothing; run alongside, both meet. No timing is asserted.
     */
    @Test
    void slowProbesRunAlongsideTheOthersAndEachUnitStillGetsItsOwnOutput() throws Exception {
        String nonce = Scripts.nonce();
        String meet = "touch %s/%s; i=0; while [ ! -e %s/%s ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; [ -e %s/%s ] && echo %s=met";
        String a = meet.formatted(dir, "a", dir, "b", dir, "b", "a");
        String b = meet.formatted(dir, "b", dir, "a", dir, "a", "b");
        List<Scripts.Probe> probes = List.of(
                new Scripts.Probe(1, "echo first"),
                new Scripts.Probe(2, a, null, false, List.of(), true),
                new Scripts.Probe(3, "echo middle; exit 4"),
                new Scripts.Probe(4, b, null, false, List.of(), true),
                new Scripts.Probe(5, a, null, false, List.of(), true),
                new Scripts.Probe(6, "echo \"slow=${oml_bg2:+seen}\"", null, true));
        String script = Scripts.probeScript(nonce, probes);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        String out = sh("TMPDIR=" + tmp + "; export TMPDIR\n" + script);
        assertTrue(Scripts.complete(nonce, out), out);
        Map<Integer, String> facts = Scripts.parseFacts(nonce, out, probes);
        assertEquals(Map.of(1, "first\n", 2, "a=met\n", 3, "middle\n", 4, "b=met\n", 5, "a=met\n", 6, "slow=seen\n"), facts);
        assertEquals(3, script.split("touch " + dir + "/a;", -1).length, "an identical slow probe is started once (its text is kept for the fallback)");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the probe's folder is removed");
        }

        // Without a folder for their output, they run in their place: one after the other, so the first gives up.
        for (Path f : List.of(dir.resolve("a"), dir.resolve("b"))) Files.deleteIfExists(f);
        String inPlace = sh("TMPDIR=/nonexistent/oml; export TMPDIR\n" + script);
        assertEquals(Map.of(1, "first\n", 2, "", 3, "middle\n", 4, "b=met\n", 5, "", 6, "slow=\n"),
                Scripts.parseFacts(nonce, inPlace, probes));
    }

    @Test
    void anInlineProbeRunsInTheScriptsShellAndTheOthersInSubshells() throws Exception {
        String nonce = Scripts.nonce();
        List<Scripts.Probe> probes = List.of(
                new Scripts.Probe(1, "oml_x=inline; echo \"pid=$(sh -c 'echo $PPID')\"", null, true),
                new Scripts.Probe(2, "echo \"seen=${oml_x:-none}\"; oml_y=sub", null, false),
                new Scripts.Probe(3, "echo \"seen=${oml_x:-none} ${oml_y:-none}\"", null, true),
                new Scripts.Probe(4, "cat; echo after-stdin", null, true));
        String script = Scripts.probeScript(nonce, probes);
        String out = sh("echo \"top=$$\"\n" + script);
        Map<Integer, String> facts = Scripts.parseFacts(nonce, out, probes);
        String top = out.substring(out.indexOf("top=") + 4, out.indexOf('\n', out.indexOf("top=")));
        assertEquals("pid=" + top + "\n", facts.get(1), "no subshell between the script and an inline probe");
        assertEquals("seen=inline\n", facts.get(2));
        assertEquals("seen=inline none\n", facts.get(3), "a subshell's variables stay in it");
        assertEquals("after-stdin\n", facts.get(4), "an inline probe has no stdin either");
    }

    @Test
    void aWatchedProbeIsNotRunAgainWhileItsFactsFilesAreUnchanged() throws Exception {
        Path db = dir.resolve("db");
        Path gone = dir.resolve("gone");
        Files.writeString(db, "v1\n");
        Path count = dir.resolve("count");
        String probe = "echo run >> '" + count + "'; echo \"db=$(cat '" + db + "')\"";
        List<Scripts.Probe> probes = List.of(new Scripts.Probe(3, probe, null, false, List.of(db.toString(), gone.toString())),
                new Scripts.Probe(4, "echo other", null, false, List.of()));
        KnownFacts known = new KnownFacts();
        java.util.function.Supplier<Map<Integer, String>> run = () -> {
            String nonce = Scripts.nonce();
            try {
                return Scripts.parseFacts(nonce, sh(Scripts.probeScript(nonce, probes, known)), probes, known);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals(Map.of(3, "db=v1\n", 4, "other\n"), run.get());
        assertEquals(1, Files.readAllLines(count).size());
        assertEquals(Map.of(3, "db=v1\n", 4, "other\n"), run.get(), "the known output, the probe not run");
        assertEquals(1, Files.readAllLines(count).size());
        // Same size, new content: the times tell.
        Files.writeString(db, "v2\n");
        assertEquals(Map.of(3, "db=v2\n", 4, "other\n"), run.get());
        assertEquals(2, Files.readAllLines(count).size());
        assertEquals(Map.of(3, "db=v2\n", 4, "other\n"), run.get());
        assertEquals(2, Files.readAllLines(count).size());
        // A facts file that was absent and now exists.
        Files.writeString(gone, "");
        assertEquals(Map.of(3, "db=v2\n", 4, "other\n"), run.get());
        assertEquals(3, Files.readAllLines(count).size());
        // The same known facts in an apply script's tail.
        String nonce = Scripts.nonce();
        String tail = sh(Scripts.applyScript(nonce, List.of(new Scripts.StepItem(0, "true")), probes, known));
        assertEquals(Map.of(3, "db=v2\n", 4, "other\n"), Scripts.parseFacts(nonce, tail, probes, known));
        assertEquals(3, Files.readAllLines(count).size());
    }

    @Test
    void anIdenticalProbeRunsOnceAndBothUnitsGetItsFacts() throws Exception {
        Path count = dir.resolve("count");
        String counting = "echo run >> '" + count + "'; echo size=3";
        String nonce = Scripts.nonce();
        List<Scripts.Probe> probes = List.of(
                new Scripts.Probe(1, counting),
                new Scripts.Probe(2, "echo other"),
                new Scripts.Probe(5, counting),
                new Scripts.Probe(6, "printf ''"),
                new Scripts.Probe(9, "printf ''"));
        String script = Scripts.probeScript(nonce, probes);
        String out = sh(script);
        assertTrue(Scripts.complete(nonce, out));
        Map<Integer, String> facts = Scripts.parseFacts(nonce, out, probes);
        assertEquals(Map.of(1, "size=3\n", 2, "other\n", 5, "size=3\n", 6, "", 9, ""), facts);
        assertEquals(1, Files.readAllLines(count).size(), "the second copy was not run");
        assertEquals(1, script.split(java.util.regex.Pattern.quote(counting), -1).length - 1, "nor sent");
        String tail = sh(Scripts.applyScript(nonce, List.of(new Scripts.StepItem(0, "true")), probes));
        assertEquals(facts, Scripts.parseFacts(nonce, tail, probes), "the probes at the end of an apply script share theirs too");
        assertEquals(2, Files.readAllLines(count).size());
    }

    @Test
    void anAliasOfAnUnfinishedSectionHasNoFacts() {
        String cut = "\n@@OML-abc F 0\nfoo\n@@OML-abc F 1=0\n\n@@OML-abc F 2=7\n";
        assertEquals(Map.of(0, "foo", 1, "foo"), Scripts.parseFacts("abc", cut, List.of()), "unit 2's section is not closed: missing, as if not reached");
    }

    @Test
    void anUnfinishedProbeScriptIsNotComplete() {
        String nonce = "abc";
        String cut = "\n@@OML-abc F 0\nfoo\n@@OML-abc F 1\nbar";
        assertFalse(Scripts.complete(nonce, cut));
        assertEquals(Map.of(0, "foo"), Scripts.parseFacts(nonce, cut, List.of()), "only sections followed by a marker count");
    }

    /** Collects what the stream reports. */
    private static final class Recorder implements ApplyStream.Listener {
        final List<String> log = new ArrayList<>();

        @Override public void begin(int item) { log.add("begin " + item); }

        @Override public void end(int item, int status) { log.add("end " + item + " " + status); }

        @Override public void output(String line, boolean stderr) { log.add((stderr ? "err " : "out ") + line); }
    }

    private static void feed(ApplyStream s, String stdout) { s.replay(stdout); }

    @Test
    void applyGivesEachStepItsStatusAndOutputAndStopsAtTheFirstFailure() throws Exception {
        Path marker = dir.resolve("must-not-exist");
        String nonce = Scripts.nonce();
        List<Scripts.StepItem> steps = List.of(
                new Scripts.StepItem(0, "echo one; echo to-stderr >&2"),
                new Scripts.StepItem(2, "printf 'no newline'; exit 99"),
                new Scripts.StepItem(3, "cat; echo 'read nothing'; exit 0"),
                new Scripts.StepItem(5, "echo failing; exit 7"),
                new Scripts.StepItem(6, "touch " + marker));
        String out = sh(Scripts.applyScript(nonce, steps, List.of(new Scripts.Probe(11, "echo fact"))));
        Recorder r = new Recorder();
        ApplyStream s = new ApplyStream(nonce, r);
        feed(s, out);
        assertEquals(List.of("begin 0", "out one", "out to-stderr", "end 0 0",
                "begin 2", "out no newline", "end 2 99",
                "begin 3", "out read nothing", "end 3 0",
                "begin 5", "out failing", "end 5 7"), r.log);
        assertFalse(Files.exists(marker), "nothing after a failed step runs");
        assertFalse(Scripts.complete(nonce, out), "no facts are read after a failure");
    }

    @Test
    void afterSuccessfulStepsTheApplyScriptReadsTheFactsOfWhatFollows() throws Exception {
        String nonce = Scripts.nonce();
        String out = sh(Scripts.applyScript(nonce, List.of(new Scripts.StepItem(0, "echo changed > " + dir.resolve("f"))),
                List.of(new Scripts.Probe(4, "cat " + dir.resolve("f")), new Scripts.Probe(5, "printf ''"))));
        assertTrue(Scripts.complete(nonce, out));
        assertEquals(Map.of(4, "changed\n", 5, ""), Scripts.parseFacts(nonce, out, List.of()));
        Recorder r = new Recorder();
        ApplyStream s = new ApplyStream(nonce, r);
        feed(s, out);
        assertEquals(List.of("begin 0", "end 0 0"), r.log);
        assertEquals(Scripts.parseFacts(nonce, out, List.of()), Scripts.parseFacts(nonce, s.tailText(), List.of()),
                "facts rebuilt from lines equal the ones read from the whole output");
    }

    @Test
    void theKillScriptEndsAWholeProcessGroup() throws Exception {
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 30 & sleep 31; echo never").start();
        long pid = p.pid();
        Thread.sleep(300);
        sh(Scripts.killScript(pid, pid));
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the group leader ended");
        // Processes of that group still alive (zombies aside), not any 'sleep 30' of whoever else shares this machine.
        String left = sh("for f in /proc/[0-9]*/stat; do sed 's/.*) //' \"$f\" 2>/dev/null; done | awk -v g=" + pid + " '$3 == g && $1 != \"Z\"' | wc -l");
        assertEquals("0", left.trim(), "its children ended too");
    }

    @Test
    void blankLinesInsideOutputAreKeptAndStderrLinesPassThrough() {
        Recorder r = new Recorder();
        ApplyStream s = new ApplyStream("n1", r);
        s.accept(new RemoteCommand.OutputLine("", false));
        s.accept(new RemoteCommand.OutputLine("@@OML-n1 B 0", false));
        s.accept(new RemoteCommand.OutputLine("a", false));
        s.accept(new RemoteCommand.OutputLine("", false));
        s.accept(new RemoteCommand.OutputLine("b", false));
        s.accept(new RemoteCommand.OutputLine("sh: syntax error", true));
        s.accept(new RemoteCommand.OutputLine("", false));
        s.accept(new RemoteCommand.OutputLine("@@OML-n1 E 0 0", false));
        assertEquals(List.of("begin 0", "out a", "out ", "out b", "err sh: syntax error", "end 0 0"), r.log);
    }

    @Test
    void fileProbesShareOneSectionAndEachUnitGetsItsOwnFacts() throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, "a=1\n");
        org.omnileads.deploy.tasks.FileProbe folder = org.omnileads.deploy.tasks.FileProbe.folder(dir.toString());
        org.omnileads.deploy.tasks.FileProbe file = org.omnileads.deploy.tasks.FileProbe.content(f.toString(), "00");
        String nonce = Scripts.nonce();
        List<Scripts.Probe> probes = List.of(
                new Scripts.Probe(1, "echo never-run-1", folder, false),
                new Scripts.Probe(2, "echo plain"),
                new Scripts.Probe(3, "echo never-run-3", file, false),
                new Scripts.Probe(4, "echo own-probe", org.omnileads.deploy.tasks.FileProbe.folder("/not\\batchable"), false));
        String script = Scripts.probeScript(nonce, probes);
        assertFalse(script.contains("never-run"), "a batched unit's own script is not sent");
        String out = sh(script);
        Map<Integer, String> facts = Scripts.parseFacts(nonce, out, probes);
        assertTrue(facts.get(1).startsWith("type=directory\n"), facts.toString());
        assertTrue(facts.get(3).startsWith("type=regular file\n") && facts.get(3).contains("content=YT0xCg==\n"), facts.toString());
        assertEquals("plain\n", facts.get(2));
        assertEquals("own-probe\n", facts.get(4), "a path the batch cannot carry keeps its own probe");

        String tail = sh(Scripts.applyScript(nonce, List.of(new Scripts.StepItem(0, "echo step")), probes));
        Recorder r = new Recorder();
        ApplyStream stream = new ApplyStream(nonce, r);
        feed(stream, tail);
        assertEquals(List.of("begin 0", "out step", "end 0 0"), r.log, "the shared section is facts, not step output");
        assertEquals(facts, Scripts.parseFacts(nonce, stream.tailText(), probes));
    }
}
