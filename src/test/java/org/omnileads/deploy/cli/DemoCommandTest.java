package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code deploy demo} takes the install options and hands them to the install it runs. */
class DemoCommandTest {
    @Test
    void acceptsTheInstallOptions() {
        ParseResult r = Main.commandLine().parseArgs("demo", "--topology", "aio", "--check", "--diff", "--json", "-v",
                "--release", "rel.tar.gz", "--forks", "3");
        DemoCommand demo = (DemoCommand) r.subcommand().commandSpec().userObject();
        assertEquals("aio", demo.topology);
        assertTrue(demo.run.check && demo.run.diff && demo.run.json && demo.run.verbose, "every option reached the run options");
        assertEquals(Path.of("rel.tar.gz"), demo.run.release);
        assertEquals(3, demo.run.forks);
    }

    @Test
    void withoutOptionsTheInstallReallyRuns() {
        DemoCommand demo = (DemoCommand) Main.commandLine().parseArgs("demo").subcommand().commandSpec().userObject();
        assertFalse(demo.run.check || demo.run.json);
        assertEquals("cluster-in-5", demo.topology);
    }

    @Test
    void aBadTopologyIsAUsageErrorBeforeAnyHostStarts() {
        var o = CliRunner.run("demo", "--topology", "cluster-in-3", "--json");
        assertEquals(ExitCode.USAGE, o.exit());
        assertTrue(o.err().contains("--topology must be aio, cluster-in-2 or cluster-in-5"), o.err());
        // Nothing but JSON reaches standard output with --json: here the Error object that ends it.
        org.omnileads.deploy.run.EventsSchema.assertValid(o.out().lines().toList());
        assertTrue(o.out().startsWith("{\"schema\":1,\"event\":\"Error\""), o.out());
        assertEquals(1, o.out().lines().count(), o.out());
    }
}
