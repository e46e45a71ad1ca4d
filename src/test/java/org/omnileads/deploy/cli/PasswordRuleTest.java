package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One password rule for install, upgrade and change of passwords: install and -cp refuse a weak
 * password before any login; an upgrade of a cluster that already holds it warns and goes on (here
 * to the login, which 127.0.0.1 port 1 refuses: exit 3 shows it got past the check).
 */
class PasswordRuleTest {
    @TempDir Path dir;
    private Path inventory;

    @BeforeEach
    void weakInventory() throws Exception {
        inventory = dir.resolve("inventory");
        String text = HostileValues.refusingInventory()
                .replaceFirst("(?m)^postgres_password=.*$", "postgres_password=omnileads");
        Files.writeString(inventory, text);
    }

    private CliRunner.Outcome deploy(String... action) {
        String[] args = new String[action.length + 5];
        System.arraycopy(action, 0, args, 0, action.length);
        System.arraycopy(new String[]{"-I", inventory.toString(), "--known-hosts", dir.resolve("kh").toString(), "--accept-new-host-keys"},
                0, args, action.length, 5);
        return CliRunner.run(args);
    }

    @Test
    void installAndChangeOfPasswordsRefuseAWeakPasswordBeforeAnyLogin() {
        for (String[] action : new String[][]{{"-i", "-a"}, {"-cp"}}) {
            CliRunner.Outcome r = deploy(action);
            assertEquals(ExitCode.USAGE, r.exit(), r.err());
            assertTrue(r.err().contains("postgres_password is an example password shipped with the old installer"), r.err());
            assertTrue(r.err().contains("with weak or example passwords (1); nothing was touched"), r.err());
            assertFalse(r.err().contains("127.0.0.1"), "no login was tried: " + r.err());
        }
    }

    @Test
    void anUpgradeWarnsAndContinues() {
        CliRunner.Outcome r = deploy("-u");
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.err());
        assertTrue(r.err().contains("warning: "), r.err());
        assertTrue(r.err().contains("postgres_password is an example password shipped with the old installer"), r.err());
        assertTrue(r.err().contains("warning: the upgrade keeps these 1 weak password(s) the cluster holds; change them afterwards with ./deploy -cp"), r.err());
        assertFalse(r.err().contains("refusing"), r.err());
    }

    @Test
    void allowWeakPasswordsLetsInstallGoOn() {
        CliRunner.Outcome r = deploy("-i", "-a", "--allow-weak-passwords");
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.err());
        assertFalse(r.err().contains("weak"), r.err());
    }
}
