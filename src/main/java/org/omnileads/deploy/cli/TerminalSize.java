package org.omnileads.deploy.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal, asked of the terminal itself: {@code stty size} with the
 * controlling terminal ({@code /dev/tty}) as its input, since shells do not export
 * {@code $COLUMNS} to the programs they start. {@code $COLUMNS} counts when stty cannot
 * answer (no terminal); 80 otherwise.
 */
public final class TerminalSize {
    /** Used when nothing says otherwise: the width every help text and table is made to fit. */
    public static final int DEFAULT = 80;
    private static final File TTY = new File("/dev/tty");

    private TerminalSize() {}

    /** The terminal's columns when standard output is a terminal, else {@code $COLUMNS}, else {@link #DEFAULT}. */
    public static int columns() {
        if (System.console() != null) {
            int c = ofTty();
            if (c > 0) return c;
        }
        return fromEnvironment();
    }

    static int fromEnvironment() {
        try {
            int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").strip());
            return c > 0 ? c : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }

    /** {@code stty size < /dev/tty}: "ROWS COLUMNS"; 0 when there is no terminal to ask. */
    static int ofTty() {
        if (!TTY.canRead()) return 0;
        Process p = null;
        try {
            p = new ProcessBuilder("stty", "size").redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) return 0;
            String[] rc = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
            return rc.length == 2 ? Math.max(0, Integer.parseInt(rc[1])) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (p != null) p.destroy();
        }
    }
}
