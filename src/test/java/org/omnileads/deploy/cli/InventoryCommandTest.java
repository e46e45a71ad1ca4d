package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory subcommands and the root command's usage errors, end to end through picocli. */
class InventoryCommandTest {
    @TempDir Path dir;

    @Test
    void initWritesAPrivateInventoryThatChecksClean() throws Exception {
        Path inv = dir.resolve("inventory");
        var init = CliRunner.run("inventory", "init", "--topology", "cluster-in-2", "-o", inv.toString());
        assertEquals(0, init.exit(), init.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(inv)));
        var check = CliRunner.run("inventory", "check", inv.toString());
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("topology: cluster-in-2"), check.out());
        assertTrue(check.out().contains("omlvoip"), check.out());
    }

    @Test
    void initNeverOverwrites() throws Exception {
        Path inv = dir.resolve("inventory");
        Files.writeString(inv, "keep me");
        var r = CliRunner.run("inventory", "init", "--topology", "aio", "-o", inv.toString());
        assertEquals(2, r.exit());
        assertEquals("keep me", Files.readString(inv));
    }

    @Test
    void checkPrintsFileLineAndHintAndExits2() throws Exception {
        Path inv = dir.resolve("inventory");
        Files.writeString(inv, "[omniapp]\nomlapp ansible_host=10.0.0.300\n[everyyone:vars]\nTZ=UTC\n");
        var r = CliRunner.run("inventory", "check", inv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(inv + ":2: "), r.err());
        assertTrue(r.err().contains("[everyone:vars]"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void showMasksEverySecret() throws Exception {
        Path inv = dir.resolve("inventory");
        CliRunner.run("inventory", "init", "--topology", "aio", "-o", inv.toString());
        String text = Files.readString(inv);
        String pw = text.lines().filter(l -> l.startsWith("postgres_password=")).findFirst().orElseThrow().split("=", 2)[1];
        var r = CliRunner.run("inventory", "show", inv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("postgres_password    ****"), r.out());
        assertFalse(r.out().contains(pw), "a password was printed");
        assertTrue(r.out().contains("omniapp_ip"), r.out());
    }

    @Test
    void noActionIsAUsageError() {
        assertEquals(2, CliRunner.run().exit());
        assertEquals(2, CliRunner.run("-a").exit());
        assertEquals(2, CliRunner.run("--no-such-option").exit());
    }

    @Test
    void oldSpellingsAreAccepted() {
        // Parsing only: each alias must be known to picocli (the run itself fails later for lack of an inventory).
        for (String[] args : new String[][] {{"-i", "-a"}, {"-i", "-c"}, {"-cnet"}, {"-cp"}, {"-u", "-di"}, {"-i", "-da"}, {"-i", "-k", "-o", "--asterisk"}}) {
            var pr = Main.commandLine().parseArgs(args);
            assertTrue(pr.errors().isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void completionScriptIsGenerated() {
        var r = CliRunner.run("completion");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("complete -F"), r.out().substring(0, Math.min(200, r.out().length())));
        assertTrue(r.out().contains("--change-network"));
    }
}
