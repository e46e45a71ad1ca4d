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
        int exit;
        try {
            exit = cl.execute(args);
        } catch (Throwable e) {
            exit = internalError(cl, e);
        }
        jsonOutcome(cl, args, exit);
        return exit;
    }

    /**
     * With {@code --json}, standard output carries JSON for every outcome: a command that
     * stopped without a run's {@code RunFinished} (a usage error, an unreachable host, a failed
     * preflight) ends it with {@code {"schema":1,"event":"Error","exitCode":N,"messages":[...]}},
     * the messages being the error lines said on standard error.
     */
    static void jsonOutcome(CommandLine cl, String[] args, int exit) {
        if (exit == ExitCode.OK || !(cl.getCommand() instanceof DeployCommand d) || !jsonAsked(cl, args)) return;
        Terminal t = d.terminal();
        if (t.hasRunFinished()) return;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("schema", org.omnileads.deploy.run.JsonEvents.SCHEMA_VERSION);
        m.put("event", "Error");
        m.put("time", java.time.Instant.now().toString());
        m.put("exitCode", exit);
        m.put("messages", t.errors());
        t.rawOut().println(org.omnileads.deploy.run.Json.write(m));
        t.rawOut().flush();
    }

    /** Whether {@code --json} was given: from the parse, or (when the command line did not parse) from the words. */
    private static boolean jsonAsked(CommandLine cl, String[] args) {
        CommandLine.ParseResult pr = cl.getParseResult();
        if (pr == null) return java.util.Arrays.asList(args).contains("--json");
        for (CommandLine.ParseResult r = pr; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--json")) return true;
        }
        return false;
    }

    /** The configured command line, also used by tests and the completion generator. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new DeployCommand()));
    }

    /** Error handling of {@code deploy} on a command line: usage errors exit 2, bugs exit 4, both without a trace. */
    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli's own message for a path it cannot convert names the Java exception; this one says what is wrong.
        cl.registerConverter(java.nio.file.Path.class, value -> {
            try {
                return java.nio.file.Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException(Printable.quoted(value) + " is not a path: " + e.getReason());
            }
        });
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
            if (cl.getCommand() instanceof DeployCommand d) d.terminal().recordError(ex.getMessage() + "\n" + hints);
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
        if (root.getCommand() instanceof DeployCommand d) d.terminal().recordError("internal error: " + what + "\n" + where);
        return ExitCode.INTERNAL;
    }

    private static String qualified(CommandLine c) {
        String full = c.getCommandSpec().qualifiedName(" ");
        String sub = full.startsWith("deploy") ? full.substring("deploy".length()).trim() : full;
        return sub.isEmpty() ? "" : sub + " ";
    }
}
