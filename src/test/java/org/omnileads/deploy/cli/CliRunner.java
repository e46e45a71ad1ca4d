package org.omnileads.deploy.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.omnileads.deploy.secrets.Redactor;
import picocli.CommandLine;

/** Runs the CLI in this JVM with its output captured (public: the end-to-end tests drive it too). */
public final class CliRunner {
    public record Outcome(int exit, String out, String err) {}

    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.commandLine();
        ((DeployCommand) cl.getCommand()).terminal(new Terminal(o, e, new Redactor()));
        cl.setOut(new java.io.PrintWriter(o, true));
        cl.setErr(new java.io.PrintWriter(e, true));
        int exit = Main.execute(cl, args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private CliRunner() {}
}
