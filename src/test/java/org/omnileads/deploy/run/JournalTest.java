package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir Path state;

    private static Parameters params(boolean check) {
        return new Parameters("install", check, false, 10, List.of("asterisk"), List.of("h1"), List.of("config"), Map.of("release", "1.2"));
    }

    /** Writes a journal through the subscriber, as a run would. */
    private void run(String id, boolean check, int exit, Map<String, TaskStatus> tasks) {
        Journal j = new Journal(state);
        j.on(new Event.RunStarted(id, params(check), List.of("h1"), null));
        tasks.forEach((tid, st) -> {
            j.on(new Event.TaskStarted("h1", tid, "base", "task " + tid, false));
            if (st != null) j.on(new Event.TaskFinished("h1", tid, "base", "task " + tid, false, st, "s", null, 5, false));
        });
        if (exit >= 0) j.on(new Event.RunFinished(id, exit, Map.of("h1", Recap.EMPTY), 10));
    }

    @Test
    void keepsParametersAndEveryTaskAndReadsThemBack() throws Exception {
        Map<String, TaskStatus> tasks = new java.util.LinkedHashMap<>();
        tasks.put("1/base/a#1", TaskStatus.OK);
        tasks.put("1/base/b#1", TaskStatus.CHANGED);
        tasks.put("1/base/c#1", TaskStatus.FAILED);
        run("20250101-000000-aaaa", false, 1, tasks);
        Path f = Journal.fileOf(state, "20250101-000000-aaaa");
        assertTrue(Files.exists(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file is left beside the journal");
        }
        JournalRecord r = Journal.read(f);
        assertEquals("failed", r.status());
        assertEquals(1, r.exitCode());
        assertEquals(params(false), r.parameters());
        List<JournalRecord.TaskEntry> ts = r.hosts().get("h1").tasks();
        assertEquals(List.of("ok", "changed", "failed"), ts.stream().map(JournalRecord.TaskEntry::status).toList());
        assertEquals(List.of(false, true, false), ts.stream().map(JournalRecord.TaskEntry::changed).toList());
        assertEquals(Set.of("1/base/a#1", "1/base/b#1"), r.doneTasks("h1"));
    }

    @Test
    void aRunThatDiedMidTaskIsRunningWithItsTaskNotDone() throws Exception {
        Map<String, TaskStatus> tasks = new java.util.LinkedHashMap<>();
        tasks.put("1/base/a#1", TaskStatus.CHANGED);
        tasks.put("1/base/b#1", null);
        run("20250101-000000-bbbb", false, -1, tasks);
        JournalRecord r = Journal.find(state, RunOptions.LAST);
        assertEquals("running", r.status());
        assertNull(r.exitCode());
        assertEquals(Set.of("1/base/a#1"), r.doneTasks("h1"));
        assertEquals("running", r.hosts().get("h1").tasks().get(1).status());
    }

    @Test
    void lastPicksTheLatestFailedRunPassingOverCheckRuns() throws Exception {
        run("20250101-000001-aaaa", false, 0, Map.of("1/base/a#1", TaskStatus.OK));
        Thread.sleep(5);
        run("20250101-000002-aaaa", false, 1, Map.of("1/base/a#1", TaskStatus.FAILED));
        Thread.sleep(5);
        run("20250101-000003-aaaa", true, 0, Map.of("1/base/a#1", TaskStatus.CHANGED));
        assertEquals("20250101-000002-aaaa", Journal.find(state, RunOptions.LAST).runId());
        assertEquals("20250101-000002-aaaa", Journal.find(state, "20250101-000002-aaaa").runId());
        assertThrows(ResumeException.class, () -> Journal.find(state, "20250101-000001-aaaa"), "a run that succeeded is not resumed");
        assertThrows(ResumeException.class, () -> Journal.find(state, "nope"));
    }

    @Test
    void nothingToResumeAfterASuccessfulRun() throws Exception {
        assertThrows(ResumeException.class, () -> Journal.find(state, RunOptions.LAST), "no run at all");
        run("20250101-000002-aaaa", false, 1, Map.of("1/base/a#1", TaskStatus.FAILED));
        Thread.sleep(5);
        run("20250101-000004-aaaa", false, 0, Map.of("1/base/a#1", TaskStatus.OK));
        ResumeException e = assertThrows(ResumeException.class, () -> Journal.find(state, RunOptions.LAST));
        assertTrue(e.getMessage().contains("20250101-000004-aaaa"), e.getMessage());
    }

    @Test
    void aResumedTaskStaysDoneForTheNextResumeAndInterruptedOnesAreNot() throws Exception {
        Journal j = new Journal(state);
        j.on(new Event.RunStarted("r2", params(false), List.of("h1"), "r1"));
        j.on(new Event.TaskFinished("h1", "1/base/a#1", "base", "a", false, TaskStatus.SKIPPED, "done by the resumed run", null, 0, true));
        j.on(new Event.TaskStarted("h1", "1/base/b#1", "base", "b", false));
        j.on(new Event.TaskFinished("h1", "1/base/b#1", "base", "b", false, TaskStatus.INTERRUPTED, "interrupted", null, 3, false));
        j.on(new Event.TaskFinished("h1", "1/base/handler:h", "base", "h", true, TaskStatus.OK, "", null, 0, false));
        j.on(new Event.HostFailed("h1", "base", "b", "interrupted", false));
        j.on(new Event.RunFinished("r2", 130, Map.of("h1", Recap.EMPTY), 10));
        JournalRecord r = Journal.read(Journal.fileOf(state, "r2"));
        assertEquals("interrupted", r.status());
        assertEquals("r1", r.resumedFrom());
        assertEquals(Set.of("1/base/a#1"), r.doneTasks("h1"), "handlers are never skipped: they are pending or not");
        assertEquals("failed", r.hosts().get("h1").state());
        assertEquals(2, r.hosts().get("h1").tasks().stream().filter(t -> !t.handler()).count(), "a started task keeps one entry");
    }

    private JournalRecord onDisk(String id) throws ResumeException { return Journal.read(Journal.fileOf(state, id)); }

    private static Event.TaskFinished result(String id, TaskStatus st, boolean resumed) {
        return new Event.TaskFinished("h1", id, "base", "task " + id, false, st, "s", null, 0, resumed);
    }

    @Test
    void okResultsReachTheFileWithTheNextWriteThatMattersToAResume() throws Exception {
        Journal j = new Journal(state);
        j.on(new Event.RunStarted("r3", params(false), List.of("h1"), null));
        j.on(result("1/base/a#1", TaskStatus.OK, false));
        j.on(result("1/base/b#1", TaskStatus.SKIPPED, false));
        assertEquals(List.of(), onDisk("r3").hosts().get("h1").tasks(), "lost with the process, an ok task is only probed again");
        j.on(new Event.TaskStarted("h1", "1/base/c#1", "base", "c", false));
        assertEquals(List.of("ok", "skipped", "running"), onDisk("r3").hosts().get("h1").tasks().stream().map(JournalRecord.TaskEntry::status).toList(),
                "written before the step starts");
        j.on(result("1/base/c#1", TaskStatus.CHANGED, false));
        j.on(result("1/base/d#1", TaskStatus.OK, false));
        assertEquals(Set.of("1/base/a#1", "1/base/b#1", "1/base/c#1"), onDisk("r3").doneTasks("h1"));
        j.on(new Event.RunFinished("r3", 0, Map.of("h1", Recap.EMPTY), 10));
        assertEquals(Set.of("1/base/a#1", "1/base/b#1", "1/base/c#1", "1/base/d#1"), onDisk("r3").doneTasks("h1"));
    }

    @Test
    void aResumedSkipIsWrittenAtOnceAndClosingWritesWhatIsLeft() throws Exception {
        Journal j = new Journal(state);
        j.on(new Event.RunStarted("r4", params(false), List.of("h1"), "r1"));
        j.on(result("1/base/a#1", TaskStatus.SKIPPED, true));
        assertEquals(Set.of("1/base/a#1"), onDisk("r4").doneTasks("h1"), "a resume of this run must not run it again");
        j.on(result("1/base/b#1", TaskStatus.OK, false));
        j.close();
        assertEquals(Set.of("1/base/a#1", "1/base/b#1"), onDisk("r4").doneTasks("h1"));
        assertEquals("running", onDisk("r4").status(), "no RunFinished: still resumable");
    }

    @Test
    void optionsRepeatTheSavedParametersWithNewSecretsOnTop() {
        RunOptions cli = RunOptions.of("install", state).withExtraVariables(Map.of("db_password", "x"));
        RunOptions again = cli.withParameters(params(false), "r1");
        assertEquals("r1", again.resumeRunId());
        assertEquals(List.of("h1"), again.limit());
        assertEquals(List.of("config"), again.tags());
        assertEquals(Set.of(org.omnileads.deploy.inventory.Component.ASTERISK), again.components());
        assertEquals(Map.of("release", "1.2", "db_password", "x"), again.extraVariables());
        Parameters saved = again.parameters(v -> false);
        assertFalse(saved.extraVariables().containsKey("db_password"), "secret variables are never saved");
        Parameters masked = RunOptions.of("install", state).withExtraVariables(Map.of("note", "contains-Secret1")).parameters(v -> v.contains("Secret1"));
        assertFalse(masked.extraVariables().containsKey("note"), "values the redactor knows are never saved");
    }
}
