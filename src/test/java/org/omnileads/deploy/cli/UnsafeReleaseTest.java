package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy -i -a --release} with a tarball that would write outside its folder stops with
 * exit 2 before any login: the inventory's addresses (TEST-NET) are never contacted.
 */
class UnsafeReleaseTest {
    @TempDir Path dir;

    @Test
    void aReleaseWithAnEscapingMemberIsRefusedBeforeAnyLogin() throws Exception {
        Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(dir.resolve("src/app/manage.py"), "\n");
        Path evil = dir.resolve("evil.tar.gz");
        Files.createDirectories(dir.resolve("etc-cron"));
        // -P keeps the '..' GNU tar would strip: what a hostile or careless release can hold
        Process p = new ProcessBuilder("tar", "-P", "-C", dir.resolve("src").toString(), "-czf", evil.toString(), "app/manage.py", "app/../../etc-cron")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        Files.writeString(dir.resolve("inventory"), HostileValues.inventory("192.0.2.10", "192.0.2.11"));
        CliRunner.Outcome r = CliRunner.run("-i", "-a", "-I", dir.resolve("inventory").toString(), "--release", evil.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("error: --release '" + evil + "': member 'app/../../etc-cron/' has '..' in its path\n"), r.err());
        assertTrue(r.err().contains("what to do: give the release's directory, or a tarball of it packed with relative paths"), r.err());
        assertTrue(r.err().contains("no host was contacted, nothing was changed"), r.err());
        assertFalse(Files.exists(dir.resolve("known_hosts")), "no host was contacted");
        assertFalse(Files.exists(dir.resolve("my_inventory")), "no run was recorded");
    }
}
