package org.omnileads.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;

/** Entry point of the {@code deploy} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs the command line; whatever escapes the commands, an {@link Error} included (out of
     * memory, a stack overflow), ends as {@link ExitCode#INTERNAL} with a short message on the
     * console and the details in a file, never as a stack trace.
     */
    public static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            return internalError(cl, e);
        }
    }

    /** The configured command line, also used by tests and the completion generator. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new DeployCommand()));
    }

    /** Error handling of {@code deploy} on a command line: usage errors exit 2, bugs exit 4, both without a trace. */
    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        HelpWrap.install(cl);
        if (!Colors.allowedByEnvironment()) cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // Usage errors are exit 2, as documented; a bug is exit 4 with a message, not a trace.
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // Values from the command line are echoed: escaped, so none can drive the terminal.
            err.println("error: " + Printable.escape(ex.getMessage()));
            StringWriter hints = new StringWriter();
            if (CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(hints, true))) {
                err.print(Printable.escape(hints.toString()));
            }
            err.println("see: deploy " + qualified(ex.getCommandLine()) + "--help");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> internalError(c, ex));
        return cl;
    }

    /** Says that a bug happened and where its details are (secrets masked); exit {@link ExitCode#INTERNAL}. */
    static int internalError(CommandLine c, Throwable ex) {
        CommandLine root = c;
        while (root.getParent() != null) root = root.getParent();
        PrintWriter err = c.getErr();
        String where;
        try {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            String text = trace.toString();
            if (root.getCommand() instanceof DeployCommand d) text = d.terminal().redactor().redact(text);
            Path file = Files.createTempFile("oml-deploy-internal-error-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-")), ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            where = "details written to " + file;
        } catch (IOException | RuntimeException | Error again) {
            where = "its details could not be written (" + again.getClass().getSimpleName() + ")";
        }
        String what = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        if (root.getCommand() instanceof DeployCommand d) what = d.terminal().redactor().redact(what);
        err.println("internal error (a bug in deploy, not in your input): " + Printable.escape(what));
        err.println(where);
        err.println("please report it with that file and the command line you ran (passwords are not needed)");
        err.flush();
        return ExitCode.INTERNAL;
    }

    private static String qualified(CommandLine c) {
        String full = c.getCommandSpec().qualifiedName(" ");
        String sub = full.startsWith("deploy") ? full.substring("deploy".length()).trim() : full;
        return sub.isEmpty() ? "" : sub + " ";
    }
}
