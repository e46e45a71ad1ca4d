package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.run.Json;

/**
 * Preflight never reports a success it did not see: a host whose login is refused (port 1 of the
 * loopback address, where nothing listens) is a failed "login" check with its cause, in the table
 * and in the JSON, and "nothing blocks" is not said.
 */
class PreflightUnreachableTest {
    @TempDir Path dir;

    private Path inventory() throws Exception {
        Path inv = dir.resolve("inventory");
        Files.writeString(inv, HostileValues.refusingInventory());
        return inv;
    }

    @Test
    void aRefusedHostIsAFailedCheckWithItsCauseNotASuccess() throws Exception {
        CliRunner.Outcome r = CliRunner.run("preflight", "-I", inventory().toString(), "--known-hosts", dir.resolve("kh").toString(),
                "--accept-new-host-keys");
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.err() + r.out());
        assertFalse(r.out().contains("nothing blocks"), r.out());
        assertTrue(r.out().matches("(?s).*omlapp\\s+login\\s+FAIL\\s+not checked: .*127\\.0\\.0\\.1.*"), r.out());
        assertTrue(r.out().matches("(?s).*omlvoip\\s+login\\s+FAIL\\s+not checked: .*"), r.out());
        assertTrue(r.out().contains("2 failure(s) block the install, 2 host(s) not checked: omlapp, omlvoip"), r.out());
    }

    @Test
    void inJsonTooTheRefusedHostsAreFailedChecks() throws Exception {
        CliRunner.Outcome r = CliRunner.run("preflight", "-I", inventory().toString(), "--known-hosts", dir.resolve("kh").toString(),
                "--accept-new-host-keys", "--json");
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.err() + r.out());
        String line = r.out().lines().filter(l -> l.contains("\"preflight\"")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(line);
        assertEquals(false, m.get("ok"));
        assertEquals(List.of("omlapp", "omlvoip"), m.get("unchecked_hosts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) m.get("checks");
        assertEquals(2, checks.size(), line);
        for (Map<String, Object> c : checks) {
            assertEquals("login", c.get("check"));
            assertEquals("fail", c.get("result"));
            assertTrue(c.get("detail").toString().startsWith("not checked: "), line);
        }
    }
}
