package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * On two real hosts: a run that fails in the middle, then {@code --resume} completes it without
 * running twice what succeeded and runs the handler notified before the failure; Ctrl-C; an
 * unreachable host.
 */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerResumeHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "resume");

    static Path dir;
    static HostRunFixture fx;
    static Roles roles;
    static Inventory inv;
    static String failedRun;

    @BeforeAll
    static void connect() throws Exception {
        dir = Files.createTempDirectory("runner-resume");
        fx = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
        roles = TestRoles.load("run-resume");
        inv = fx.inventory(Map.of());
    }

    @AfterAll
    static void close() {
        if (fx != null) fx.close();
    }

    private static Path state() { return dir.resolve(".deploy"); }

    private static String cat(TestHost h, String path) { return h.shInside("cat " + path + " 2>/dev/null").getStdout(); }

    @Test
    @Order(1)
    void aRunFailsInTheMiddleAndKeepsTheNotifiedHandlerPending() throws Exception {
        HostRunFixture.Outcome o = fx.run(roles, inv, RunOptions.of("install", state()));
        assertEquals(RunResult.TASK_FAILED, o.exit(), o.console());
        failedRun = o.result().runId();
        for (TestHost h : HOSTS.all()) {
            assertEquals(List.of("first: state folder changed", "first: settings changed", "first: count runs changed",
                    "first: fails once failed"), o.results(h.name()));
            assertEquals("run\n", cat(h, "/opt/rt/counter"));
            assertEquals("", cat(h, "/opt/rt/handler-log"), "handlers do not run on a failed host");
            assertEquals("", cat(h, "/opt/rt/after.conf"), "nothing after the failure ran");
            assertEquals(java.util.Set.of("note restart"), PendingHandlers.load(state()).of(h.name(), "first"));
        }
        assertTrue(o.events().stream().anyMatch(e -> e instanceof Event.HostFailed f && f.message().contains("failing on purpose")),
                "the failure shows the step's output");
        JournalRecord j = Journal.read(Journal.fileOf(state(), failedRun));
        assertEquals("failed", j.status());
        assertEquals(3, j.doneTasks("resume1").size());
    }

    @Test
    @Order(2)
    void resumeCompletesRunningNothingTwiceAndRunsThePendingHandler() throws Exception {
        HostRunFixture.Outcome o = fx.run(roles, inv, RunOptions.of("ignored", state()).resuming(RunOptions.LAST));
        assertEquals(0, o.exit(), o.console());
        for (TestHost h : HOSTS.all()) {
            assertEquals(List.of("first: state folder skipped (resumed)", "first: settings skipped (resumed)",
                    "first: count runs skipped (resumed)", "first: fails once changed", "first: after the failure changed",
                    "handler first: note restart changed", "second: second role file changed", "second: long step ok"),
                    o.results(h.name()));
            assertEquals("run\n", cat(h, "/opt/rt/counter"), "the unguarded counter ran exactly once");
            assertEquals("restarted\n", cat(h, "/opt/rt/handler-log"), "the handler notified before the failure ran once");
            assertEquals("after=1\n", cat(h, "/opt/rt/after.conf"));
            assertTrue(PendingHandlers.load(state()).all(h.name()).isEmpty());
        }
        JournalRecord j = Journal.read(o.result().journal());
        assertEquals(failedRun, j.resumedFrom());
        assertEquals("install", j.parameters().action(), "the resumed run's parameters are used");
        assertThrows(ResumeException.class, () -> Journal.find(state(), RunOptions.LAST), "nothing left to resume");
        System.out.println("resume: " + o.result().recap());
    }

    @Test
    @Order(3)
    void ctrlCStopsTheRunningStepAndRecordsItInterrupted() throws Exception {
        AtomicBoolean asked = new AtomicBoolean();
        long t0 = System.nanoTime();
        HostRunFixture.Outcome o = fx.run(roles, inv, RunOptions.of("install", state()).withExtraVariables(Map.of("sleep_seconds", "40")),
                fx.sessions, (runner, e) -> {
                    if (e instanceof Event.TaskStarted t && t.task().equals("long step") && asked.compareAndSet(false, true)) {
                        Thread ctrlC = new Thread(() -> {
                            sleep(1500);
                            runner.interrupt();
                        });
                        ctrlC.start();
                    }
                });
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(RunResult.INTERRUPTED, o.exit(), o.console());
        assertTrue(seconds < 30, "the run stopped within the grace period, not after the 40 s step: " + seconds + " s");
        JournalRecord j = Journal.read(o.result().journal());
        assertEquals("interrupted", j.status());
        for (String h : List.of("resume1", "resume2")) {
            JournalRecord.TaskEntry step = j.hosts().get(h).tasks().stream().filter(t -> t.task().equals("long step")).findFirst().orElseThrow();
            assertEquals("interrupted", step.status(), h);
        }
        for (TestHost h : HOSTS.all()) {
            assertFalse(h.runs("sleep 40"), "the step's process was killed on " + h);
        }
        System.out.println("interrupt: returned after " + seconds + " s");
    }

    @Test
    @Order(4)
    void resumeAfterCtrlCRunsTheInterruptedStepAgainWithANewValue() throws Exception {
        // The sessions the interrupt closed are replaced.
        HostRunFixture fresh = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
        try {
            HostRunFixture.Outcome o = fresh.run(roles, inv, RunOptions.of("install", state()).resuming(RunOptions.LAST)
                    .withExtraVariables(Map.of("sleep_seconds", "0")));
            assertEquals(0, o.exit(), o.console());
            assertTrue(o.results("resume1").contains("second: second role file skipped (resumed)"), o.results("resume1").toString());
            assertTrue(o.results("resume1").contains("second: long step ok"), o.results("resume1").toString());
        } finally {
            fresh.close();
        }
    }

    @Test
    @Order(5)
    void aHostWhoseSessionIsGoneIsUnreachableAndNothingChanges() throws Exception {
        TestHost h2 = HOSTS.get(1);
        HostRunFixture fresh = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
        try {
            RemoteHost dead = fresh.extraSession(h2);
            dead.close();
            Map<Host, RemoteHost> with = new LinkedHashMap<>(fresh.sessions);
            with.put(h2.asInventoryHost(), dead);
            HostRunFixture.Outcome o = fresh.run(roles, inv, RunOptions.of("install", state()), with, (r, e) -> { });
            assertEquals(RunResult.UNREACHABLE, o.exit(), o.console());
            assertEquals(1, o.recap(h2.name()).unreachable());
            assertEquals(0, o.recap("resume1").changed(), "the run stops before any phase when a host cannot be probed");
            assertFalse(o.events().stream().anyMatch(e -> e instanceof Event.PhaseStarted));
        } finally {
            fresh.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
