package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.tasks.Plan;

/** The JSON lines of a real run (the runner with tasks that need no host) follow docs/events.schema.json. */
class EventsSchemaTest {
    @TempDir Path state;

    private List<String> runLines(RunOptions opts) throws Exception {
        Host h1 = new Host("h1", "10.0.0.1", 22, "root", 1);
        Host h2 = new Host("h2", "10.0.0.2", 22, "root", 2);
        Inventory inv = Inventories.allOn(List.of(h1, h2), Map.of("admin_pass", "Sup3rSecret", "tz", "UTC"));
        FakeRoles roles = new FakeRoles()
                .phase("base", "all",
                        FakeTask.of("base", "already", new Plan.Ok("fine")),
                        FakeTask.of("base", "write config", FakeTask.change("write /etc/x with Sup3rSecret", false), List.of(), List.of("restart")),
                        FakeTask.of("base", "not here", new Plan.Skip("guard")))
                .handler("base", "restart", FakeTask.of("base", "restart", FakeTask.change("restart x", false)))
                .phase("web", "omniapp", FakeTask.of("web", "depends", FakeTask.change("migrate", true)));
        Map<Host, RemoteHost> sessions = Map.of(h1, new NoHost(h1), h2, new NoHost(h2));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (EventBus bus = new EventBus(new Redactor())) {
            bus.subscribe(new JsonEvents(new PrintStream(json, true, StandardCharsets.UTF_8)));
            new Runner(roles, inv, sessions, opts, bus).run();
        }
        return json.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyLineOfARunFollowsTheSchemaAndCarriesItsVersion() throws Exception {
        List<String> lines = runLines(RunOptions.of("install", state).withCheck(true).withDiff(true));
        EventsSchema.assertValid(lines);
        Set<String> kinds = lines.stream().map(l -> ((Map<?, ?>) Json.parse(l)).get("event").toString()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("RunStarted", "PhaseStarted", "TaskFinished", "HandlerNotified", "RunFinished")), kinds.toString());
        for (String l : lines) assertTrue(l.startsWith("{\"schema\":1,\"event\":"), l);
    }

    @Test
    void theSchemaRefusesWhatItShould() {
        String good = "{\"schema\":1,\"event\":\"Notice\",\"time\":\"2026-12-06T20:00:00Z\",\"host\":null,\"message\":\"hi\"}";
        assertEquals("", EventsSchema.problems(good));
        assertFalse(EventsSchema.problems(good.replace("\"schema\":1", "\"schema\":2")).isEmpty(), "another version");
        assertFalse(EventsSchema.problems(good.replace(",\"message\":\"hi\"", "")).isEmpty(), "a required field missing");
        assertFalse(EventsSchema.problems(good.replace("\"Notice\"", "\"Gossip\"")).isEmpty(), "an unknown event");
        assertFalse(EventsSchema.problems(good.replace("2026-12-06T20:00:00Z", "yesterday")).isEmpty(), "a time that is not one");
        assertFalse(EventsSchema.problems("{\"schema\":1,\"event\":\"Error\",\"time\":\"2026-12-06T20:00:00Z\",\"exitCode\":0,\"messages\":[]}")
                .isEmpty(), "an error with exit 0");
    }
}
