package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The apt steps' fault handling, as text and as sh parses it (the host tests run them for real). */
class AptScriptsTest {
    private final Apt apt = new Apt();

    @Test
    void everyStepParses() {
        for (String s : List.of(apt.installScript(List.of("less")), apt.removeScript(List.of("less")), apt.upgradeScript(List.of("less")),
                apt.repositoryCheck(List.of()), apt.repositoryCheck(List.of("less", "curl=7.88.1-10")), new Dnf().repositoryCheck(List.of("less")))) {
            LocalShell.Result r = LocalShell.syntax(s);
            assertEquals(0, r.status(), r.output() + "\n" + s);
        }
    }

    @Test
    void theRefreshFailsWhenARepositoryCannotBeReadAndNamesIt() {
        // Without --error-on=any, apt-get update exits 0 after "W: Failed to fetch".
        assertTrue(Apt.PRELUDE.contains("--error-on=any update"), Apt.PRELUDE);
        String check = apt.repositoryCheck(List.of());
        assertTrue(check.contains("print \"" + PackageManager.UNREACHABLE_MARK + "\" $2 \" \" $3"), check);
        assertTrue(check.endsWith("oml_refresh || { echo '" + PackageManager.FAILED_COMMAND_MARK + "apt-get update'; exit 1; }\nexit 0\n"), check);
    }

    @Test
    void theLockHolderIsFoundInProcLocksAndTheWaitIsBounded() {
        assertTrue(Apt.PRELUDE.contains("/proc/locks"));
        assertTrue(Apt.PRELUDE.contains("if [ \"$oml_w\" -ge 600 ]"), "ten minutes at most");
        assertTrue(Apt.PRELUDE.contains("echo \"oml: waiting for another package run (up to 600 s): $oml_h\""));
    }

    @Test
    void aHolderIsReadFromProcLocksLinesLikeTheKernelWritesThem() {
        String awk = Apt.PRELUDE.lines().filter(l -> l.contains("awk -v i=")).findFirst().orElseThrow().strip();
        String prog = awk.substring(awk.indexOf("awk"), awk.indexOf("/proc/locks"));
        String locks = "1: POSIX  ADVISORY  WRITE 812 00:2f:99 0 EOF\\n2: -> FLOCK  ADVISORY  WRITE 900 00:77:1533879 0 EOF\\n"
                + "3: FLOCK  ADVISORY  WRITE 66 00:77:1533879 0 EOF\\n4: FLOCK  ADVISORY  WRITE 70 00:77:11533879 0 EOF\\n";
        LocalShell.Result r = LocalShell.run("oml_ino=1533879\nprintf '" + locks + "' | " + prog.replace("/proc/locks", "") + "\n");
        assertEquals("66\n", r.output(), "the holder, not a waiter (->) nor another inode ending in the same digits");
    }

    @Test
    void aDpkgRunThatWasCutOffIsFinishedBeforeTheNextInstall() {
        String s = apt.installScript(List.of("less"));
        assertTrue(s.contains("ls -A /var/lib/dpkg/updates"));
        assertTrue(s.contains("dpkg --force-confdef --force-confold --configure -a"));
        int repair = s.indexOf("oml_repair ||");
        assertTrue(repair > 0 && repair < s.indexOf("--no-install-recommends \"$oml_action\""), "repaired before apt-get runs");
    }
}
