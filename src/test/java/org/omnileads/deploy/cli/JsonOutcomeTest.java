package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.run.EventsSchema;
import org.omnileads.deploy.run.Json;

/**
 * With --json, standard output carries JSON for every outcome, including errors before any run:
 * its last line is an Error object with the exit code and the messages, and every line follows
 * docs/events.schema.json.
 */
class JsonOutcomeTest {
    @TempDir Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> last(CliRunner.Outcome o) {
        List<String> lines = o.out().lines().toList();
        EventsSchema.assertValid(lines);
        return (Map<String, Object>) Json.parse(lines.get(lines.size() - 1));
    }

    @Test
    void aBadOptionIsAnErrorObjectOnStandardOutput() throws Exception {
        Files.writeString(dir.resolve("inventory"), HostileValues.inventory("192.0.2.10", "192.0.2.11"));
        CliRunner.Outcome o = CliRunner.run("-i", "-a", "-I", dir.resolve("inventory").toString(), "--forks", "0", "--json");
        assertEquals(ExitCode.USAGE, o.exit());
        Map<String, Object> m = last(o);
        assertEquals("Error", m.get("event"));
        assertEquals(2, ((Number) m.get("exitCode")).intValue());
        assertTrue(m.get("messages").toString().contains("error: --forks '0': must be 1 or more"), m.toString());
    }

    @Test
    void anUnknownOptionIsOneToo() {
        CliRunner.Outcome o = CliRunner.run("-i", "--json", "--forcks", "2");
        assertEquals(ExitCode.USAGE, o.exit());
        Map<String, Object> m = last(o);
        assertEquals("Error", m.get("event"));
        assertTrue(m.get("messages").toString().contains("Possible solutions: --forks"), m.toString());
    }

    @Test
    void aMissingInventoryIsOneToo() {
        CliRunner.Outcome o = CliRunner.run("preflight", "-I", dir.resolve("nothing").toString(), "--json");
        assertEquals(ExitCode.USAGE, o.exit());
        Map<String, Object> m = last(o);
        assertTrue(m.get("messages").toString().contains("the inventory does not exist"), m.toString());
    }

    @Test
    void aPreflightThatCouldNotLookIsAPreflightObjectThenAnError() throws Exception {
        Files.writeString(dir.resolve("inventory"), HostileValues.refusingInventory());
        CliRunner.Outcome o = CliRunner.run("preflight", "-I", dir.resolve("inventory").toString(), "--json",
                "--known-hosts", dir.resolve("kh").toString(), "--accept-new-host-keys");
        assertEquals(ExitCode.UNREACHABLE, o.exit());
        List<String> lines = o.out().lines().toList();
        assertEquals(2, lines.size(), o.out());
        assertTrue(lines.get(0).startsWith("{\"schema\":1,\"event\":\"preflight\""), lines.get(0));
        assertEquals(3, ((Number) last(o).get("exitCode")).intValue());
    }
}
