package org.omnileads.deploy.cli;

import picocli.CommandLine;

/** Entry point of the {@code deploy} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests and the completion generator. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DeployCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Usage errors are exit 2, as documented; a bug is exit 1 with a message, not a trace.
        cl.setParameterExceptionHandler((ex, a) -> {
            java.io.PrintWriter err = ex.getCommandLine().getErr();
            // Values from the command line are echoed: escaped, so none can drive the terminal.
            err.println("error: " + Printable.escape(ex.getMessage()));
            java.io.StringWriter hints = new java.io.StringWriter();
            if (CommandLine.UnmatchedArgumentException.printSuggestions(ex, new java.io.PrintWriter(hints, true))) {
                err.print(Printable.escape(hints.toString()));
            }
            err.println("see: deploy " + qualified(ex.getCommandLine()) + "--help");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            c.getErr().println("internal error: " + ex);
            c.getErr().println("please report it with the command line you ran (passwords are not needed)");
            return ExitCode.TASK_FAILED;
        });
        return cl;
    }

    private static String qualified(CommandLine c) {
        String full = c.getCommandSpec().qualifiedName(" ");
        String sub = full.startsWith("deploy") ? full.substring("deploy".length()).trim() : full;
        return sub.isEmpty() ? "" : sub + " ";
    }
}
