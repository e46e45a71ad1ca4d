package org.omnileads.deploy.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.omnileads.deploy.secrets.Redactor;

/**
 * The console: every line printed passes the redactor, and no control character of a value
 * (from an inventory, a file or a host) reaches the terminal; passwords are read without echo.
 * The only class besides the event views that writes to the terminal.
 */
public final class Terminal {
    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;

    public Terminal(PrintStream out, PrintStream err, Redactor redactor) {
        this.out = out;
        this.err = err;
        this.redactor = redactor;
    }

    public static Terminal system(Redactor redactor) {
        return new Terminal(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8), redactor);
    }

    /** The last error lines (masked and escaped), for the JSON outcome of a command that stopped before a run. */
    private final java.util.Deque<String> errors = new java.util.ArrayDeque<>();
    private static final int ERRORS_KEPT = 200;
    private volatile boolean runFinished;

    public Redactor redactor() { return redactor; }

    /** The error lines printed so far (at most the last {@value #ERRORS_KEPT}). */
    public synchronized java.util.List<String> errors() { return java.util.List.copyOf(errors); }

    /** Records an error line said elsewhere (picocli's parse errors), for {@link #errors()}. */
    synchronized void recordError(String text) {
        for (String line : Printable.escape(redactor.redact(text)).split("\n")) {
            if (errors.size() == ERRORS_KEPT) errors.removeFirst();
            errors.addLast(line);
        }
    }

    private volatile boolean runChanged;

    /** A run ended and its JSON events (RunFinished last) are on standard output; {@code changed}: it changed something. */
    void runFinished(boolean changed) {
        runFinished = true;
        runChanged |= changed;
    }

    /** Whether a run of this command changed (or, checking, would change) something. */
    boolean runChanged() { return runChanged; }

    boolean hasRunFinished() { return runFinished; }

    public PrintStream rawOut() { return out; }

    /** Prints a line on standard output, secrets masked, control characters from values made visible ({@link Printable}). */
    public void println(String text) { out.println(Printable.escape(redactor.redact(text))); }

    /** As {@link #println} on standard error. */
    public void error(String text) {
        err.println(Printable.escape(redactor.redact(text)));
        recordError(text);
    }

    public boolean interactive() { return System.console() != null; }

    /** Reads a secret without echo; on a non-terminal stdin it reads one line (for tests and pipes). */
    public char[] readSecret(String prompt) {
        Console c = System.console();
        if (c != null) return c.readPassword("%s", prompt);
        err.print(prompt);
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.toCharArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks a yes/no question on the terminal; false when there is no terminal. */
    public boolean confirm(String question) {
        Console c = System.console();
        if (c == null) return false;
        String a = c.readLine("%s [y/N] ", question);
        return a != null && (a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes"));
    }
}
