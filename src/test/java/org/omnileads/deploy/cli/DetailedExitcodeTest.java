package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.secrets.Redactor;

/** --detailed-exitcode: 5 for a success that changed something, 0 for one that changed nothing, every failure as it was. */
class DetailedExitcodeTest {
    private static Terminal terminal() {
        PrintStream p = new PrintStream(new ByteArrayOutputStream(), true);
        return new Terminal(p, p, new Redactor());
    }

    @Test
    void aSuccessThatChangedSomethingIs5OnlyWhenAsked() {
        DeployCommand d = (DeployCommand) Main.commandLine().parseArgs("-i", "-a", "--detailed-exitcode").commandSpec().userObject();
        RunOptionsMixin o = d.run;
        assertTrue(o.detailedExitcode);
        Terminal t = terminal();
        assertEquals(ExitCode.OK, DeployFlow.detailed(o, t, ExitCode.OK), "no run: nothing changed");
        t.runFinished(false);
        assertEquals(ExitCode.OK, DeployFlow.detailed(o, t, ExitCode.OK), "a run that changed nothing");
        t.runFinished(true);
        assertEquals(ExitCode.CHANGED, DeployFlow.detailed(o, t, ExitCode.OK));
        for (int failure : new int[]{ExitCode.TASK_FAILED, ExitCode.USAGE, ExitCode.UNREACHABLE, ExitCode.INTERRUPTED}) {
            assertEquals(failure, DeployFlow.detailed(o, t, failure));
        }
        o.detailedExitcode = false;
        assertEquals(ExitCode.OK, DeployFlow.detailed(o, t, ExitCode.OK), "not asked: 0");
    }
}
