package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.cli.ConsoleView;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.tasks.Plan;

/**
 * The runner's planning, ordering and reporting in check mode with tasks that need no facts:
 * no host is involved, and {@link NoHost} proves not one round trip is made.
 */
class RunnerPlanTest {
    @TempDir Path state;
    private final Host h1 = new Host("h1", "10.0.0.1", 22, "root", 1);
    private final Host h2 = new Host("h2", "10.0.0.2", 22, "root", 2);
    private Inventory inv;
    private FakeRoles roles;
    private final List<Event> events = new ArrayList<>();

    @BeforeEach
    void site() {
        inv = Inventories.allOn(List.of(h1, h2), Map.of("admin_pass", "Sup3rSecret", "tz", "UTC"));
        roles = new FakeRoles()
                .phase("base", "all",
                        FakeTask.of("base", "already", new Plan.Ok("fine")),
                        FakeTask.of("base", "write config", FakeTask.change("write /etc/x with Sup3rSecret", false), List.of(), List.of("restart")),
                        FakeTask.of("base", "not here", new Plan.Skip("guard")),
                        FakeTask.of("base", "guarded command", FakeTask.change("run it", true)),
                        FakeTask.of("base", "tagged", new Plan.Ok("fine"), List.of("only"), List.of()))
                .handler("base", "restart", FakeTask.of("base", "restart", FakeTask.change("restart x", false)))
                .phase("web", "omniapp",
                        FakeTask.of("web", "depends", FakeTask.change("migrate", true)));
    }

    private RunResult run(RunOptions o) throws Exception {
        Map<Host, RemoteHost> sessions = Map.of(h1, new NoHost(h1), h2, new NoHost(h2));
        EventBus bus = new EventBus(new Redactor());
        bus.subscribe(events::add);
        return new Runner(roles, inv, sessions, o, bus).run();
    }

    private List<String> results(String host) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.TaskFinished t && t.host().equals(host)) {
                out.add((t.handler() ? "handler " : "") + t.role() + ": " + t.task() + " " + t.status().word() + (t.resumed() ? " resumed" : ""));
            }
        }
        return out;
    }

    @Test
    void checkReportsInOrderWithUnknownAfterAnEarlierChangeAndTouchesNothing() throws Exception {
        RunResult r = run(RunOptions.of("install", state).withCheck(true));
        assertEquals(0, r.exitCode());
        assertEquals(List.of("base: already ok", "base: write config changed", "base: not here skipped", "base: guarded command unknown",
                "base: tagged ok", "handler base: restart changed", "web: depends unknown"), results("h1"));
        assertEquals(List.of("base: already ok", "base: write config changed", "base: not here skipped", "base: guarded command unknown",
                "base: tagged ok", "handler base: restart changed"), results("h2"));
        Recap h1r = r.recap().get("h1");
        assertEquals(new Recap(2, 2, 0, 1, 0, 2, 0, h1r.millis()), h1r);
        assertEquals(0, r.recap().get("h2").roundTrips());
        assertFalse(Files.exists(state.resolve(PendingHandlers.FILE)), "check mode saves no pending handler");
        JournalRecord j = Journal.read(r.journal());
        assertTrue(j.parameters().check());
        assertTrue(j.hosts().get("h1").tasks().stream().noneMatch(JournalRecord.TaskEntry::changed), "nothing changed in check mode");
        assertTrue(events.get(events.size() - 1) instanceof Event.RunFinished);
    }

    @Test
    void phasesStartInSiteOrderWithTheirHosts() throws Exception {
        run(RunOptions.of("install", null).withCheck(true));
        List<String> phases = events.stream().filter(e -> e instanceof Event.PhaseStarted).map(e -> {
            Event.PhaseStarted p = (Event.PhaseStarted) e;
            return p.index() + "/" + p.count() + " " + p.role() + " " + p.hosts();
        }).toList();
        assertEquals(List.of("1/2 base [h1, h2]", "2/2 web [h1]"), phases);
    }

    @Test
    void diffsOnlyWithDiffAndSecretsMaskedInThem() throws Exception {
        run(RunOptions.of("install", null).withCheck(true));
        assertTrue(events.stream().allMatch(e -> !(e instanceof Event.TaskFinished t) || t.diff() == null));
        events.clear();
        run(RunOptions.of("install", null).withCheck(true).withDiff(true));
        Event.TaskFinished t = events.stream().filter(e -> e instanceof Event.TaskFinished f && f.task().equals("write config"))
                .map(e -> (Event.TaskFinished) e).findFirst().orElseThrow();
        assertNotNull(t.diff());
        assertEquals("write /etc/x with ****", t.summary(), "inventory secrets are masked without the caller adding them");
    }

    @Test
    void tagsSelectTasksAndHostVariablesReachBinding() throws Exception {
        run(RunOptions.of("install", null).withCheck(true).withTags(List.of("only")).withExtraVariables(Map.of("tz", "America/Bogota")));
        assertEquals(List.of("base: tagged ok"), results("h1"));
        Map<String, Object> vars = roles.bound.get(0);
        assertEquals("h1", vars.get("inventory_hostname"));
        assertEquals("10.0.0.1", vars.get("host_ip"));
        assertEquals(List.of("omniapp", "kamailio", "asterisk", "database", "dialer"), vars.get("host_components"));
        assertEquals("10.0.0.1", vars.get("omniapp_ip"));
        assertEquals("America/Bogota", vars.get("tz"), "extra variables win over the inventory");
        Map<String, Object> h2vars = roles.bound.stream().filter(v -> "h2".equals(v.get("inventory_hostname"))).findFirst().orElseThrow();
        assertEquals(List.of(), h2vars.get("host_components"), "h2 holds no component");
    }

    @Test
    void aRoleThatCannotBeBoundStopsBeforeAnyHostIsTouched() throws Exception {
        roles.failBinding = "web";
        RunResult r = run(RunOptions.of("install", state));
        assertEquals(RunResult.NOT_BOUND, r.exitCode());
        Event.HostFailed f = events.stream().filter(e -> e instanceof Event.HostFailed).map(e -> (Event.HostFailed) e).findFirst().orElseThrow();
        assertEquals("web", f.role());
        assertTrue(f.message().contains("x.j2:3"), f.message());
        assertTrue(results("h1").isEmpty());
        assertEquals("error", Journal.read(r.journal()).status());
    }

    @Test
    void resumingSkipsWhatTheEarlierRunDidAndReportsPendingHandlers() throws Exception {
        // An earlier check run that "failed" after two tasks; resumed by id, so it stays a check run.
        Journal j = new Journal(state);
        Parameters p = new Parameters("install", true, false, 10, List.of(), List.of("h1"), List.of(), Map.of());
        j.on(new Event.RunStarted("old", p, List.of("h1"), null));
        j.on(new Event.TaskFinished("h1", "1/base/already#1", "base", "already", false, TaskStatus.OK, "", null, 0, false));
        j.on(new Event.TaskFinished("h1", "1/base/write config#1", "base", "write config", false, TaskStatus.CHANGED, "", null, 0, false));
        j.on(new Event.TaskFinished("h1", "1/base/not here#1", "base", "not here", false, TaskStatus.FAILED, "", null, 0, false));
        j.on(new Event.RunFinished("old", 1, Map.of(), 0));
        PendingHandlers.load(state).add("h1", "base", "restart");

        RunResult r = run(RunOptions.of("ignored", state).resuming("old"));
        assertEquals(List.of("base: already skipped resumed", "base: write config skipped resumed", "base: not here skipped",
                "base: guarded command changed", "base: tagged ok", "handler base: restart changed", "web: depends unknown"), results("h1"));
        assertTrue(results("h2").isEmpty(), "the resumed run's --limit is kept");
        JournalRecord now = Journal.read(r.journal());
        assertEquals("old", now.resumedFrom());
        assertEquals("install", now.parameters().action());
        assertEquals(List.of("restart"), List.copyOf(PendingHandlers.load(state).of("h1", "base")), "check mode leaves it pending");
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Notice n && n.message().contains("restart")));
    }

    @Test
    void theConsoleViewPrintsPlainTimestampedLinesAndARecap() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Clock noon = Clock.fixed(Instant.parse("2025-06-14T12:00:00Z"), ZoneOffset.UTC);
        Map<Host, RemoteHost> sessions = Map.of(h1, new NoHost(h1), h2, new NoHost(h2));
        EventBus bus = new EventBus(new Redactor());
        bus.subscribe(new ConsoleView(ps, false, false, noon));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        bus.subscribe(new JsonEvents(new PrintStream(json, true, StandardCharsets.UTF_8)));
        new Runner(roles, inv, sessions, RunOptions.of("install", null).withCheck(true).withDiff(true), bus).run();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("12:00:00 h1 base: write config ... changed (check): write /etc/x with ****\n"), out);
        assertTrue(out.contains("12:00:00 h1 base: already ... ok\n"), out);
        assertTrue(out.contains("12:00:00     +new\n"), "diff lines follow the task: " + out);
        assertTrue(out.contains("12:00:00 == phase 2/2: web on h1\n"), out);
        assertTrue(out.matches("(?s).*HOST +OK +CHANGED +FAILED +SKIPPED +UNREACHABLE +UNKNOWN +TIME +ROUND TRIPS\n"
                + "h1 +2 +2 +0 +1 +0 +2 +[0-9.]+s +0\n.*"), out);
        assertFalse(out.contains("Sup3rSecret"));
        List<String> lines = json.toString(StandardCharsets.UTF_8).lines().toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) Json.parse(lines.get(lines.size() - 1));
        assertEquals("RunFinished", last.get("event"));
        Map<?, ?> h1Recap = (Map<?, ?>) ((Map<?, ?>) last.get("recap")).get("h1");
        assertEquals(2L, h1Recap.get("changed"));
        assertEquals(0L, h1Recap.get("roundTrips"));
        assertNull(((Map<?, ?>) Json.parse(lines.get(0))).get("diff"));
    }
}
