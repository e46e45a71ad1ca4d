package org.omnileads.deploy.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.omnileads.deploy.run.Event;
import org.omnileads.deploy.run.Recap;
import org.omnileads.deploy.run.Subscriber;
import org.omnileads.deploy.run.TaskStatus;

/**
 * Renders the run's events for a person. On a terminal: a live block with one line per host
 * (phase, task, elapsed time, last output line), redrawn at most five times a second, with
 * changes and failures printed above it as they happen. Elsewhere (CI, pipes): plain
 * timestamped lines, {@code HH:MM:SS host role: task ... changed}. Both end with a recap table.
 */
public final class ConsoleView implements Subscriber {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long REDRAW_MS = 200;
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean live;
    private final boolean colour;
    private final boolean verbose;
    private final Clock clock;
    private volatile int width;
    private final Map<String, HostLine> hosts = new LinkedHashMap<>();
    private boolean check;
    private int drawn;
    private long lastDraw;
    private ScheduledExecutorService ticker;

    /** What the live block shows for one host. */
    private static final class HostLine {
        String phase = "";
        String task = "";
        String last = "";
        String state = "waiting";
        long startMillis;
        boolean running;
    }

    /**
     * @param live    draw the live block with ANSI escapes (a terminal), or print plain lines
     * @param verbose also print every output line and every ok task
     */
    public ConsoleView(PrintStream out, boolean live, boolean verbose, Clock clock) {
        this(out, live, live, verbose, clock, TerminalSize.columns());
    }

    /**
     * @param colour paint statuses and diffs with ANSI colours
     * @param width  the terminal's columns: live lines are clipped to it, the recap is made to fit it
     */
    public ConsoleView(PrintStream out, boolean live, boolean colour, boolean verbose, Clock clock, int width) {
        this.out = out;
        this.live = live;
        this.colour = colour;
        this.verbose = verbose;
        this.clock = clock;
        this.width = Math.max(20, width);
    }

    /**
     * The view for this process's standard output: live when it is a terminal that understands
     * ANSI (plain lines to a pipe or a file), coloured as {@code colors} says, as wide as the
     * terminal, and following the terminal when it is resized.
     */
    public static ConsoleView forTerminal(PrintStream out, boolean verbose, Colors colors) {
        boolean live = isAnsiTerminal();
        ConsoleView v = new ConsoleView(out, live, colors.colour(live), verbose, Clock.systemDefaultZone(),
                live ? TerminalSize.columns() : TerminalSize.DEFAULT);
        if (live) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), sig -> v.width = Math.max(20, TerminalSize.columns()));
            } catch (IllegalArgumentException e) {
                // No SIGWINCH here: the width stays as it was at the start.
            }
        }
        return v;
    }

    /** A terminal that is not {@code TERM=dumb}. */
    public static boolean isAnsiTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
    }

    @Override
    public synchronized void on(Event event) {
        if (event instanceof Event.RunStarted e) {
            check = e.parameters().check();
            for (String h : vs(e.hosts())) hosts.put(h, new HostLine());
            print("run " + v(e.runId()) + ": " + e.parameters().action() + (check ? " (check: nothing is changed)" : "")
                    + (v(e.resumedFrom()) == null ? "" : ", resuming " + v(e.resumedFrom())) + " on " + String.join(", ", vs(e.hosts())));
            if (live) startTicker();
        } else if (event instanceof Event.PhaseStarted e) {
            for (String h : vs(e.hosts())) {
                HostLine l = line(h);
                l.phase = e.index() + "/" + e.count() + " " + v(e.role());
                l.state = "";
            }
            print("== phase " + e.index() + "/" + e.count() + ": " + v(e.role()) + " on " + String.join(", ", vs(e.hosts())));
        } else if (event instanceof Event.TaskStarted e) {
            HostLine l = line(v(e.host()));
            l.task = (e.handler() ? "handler " : "") + v(e.task());
            l.last = "";
            l.running = true;
            l.startMillis = clock.millis();
            if (verbose && !live) print(v(e.host()) + " " + v(e.role()) + ": " + v(e.task()) + " ...");
            drawSoon();
        } else if (event instanceof Event.OutputLine e) {
            String text = printable(e.line());
            if (!text.isBlank()) line(v(e.host())).last = text;
            if (verbose) print(v(e.host()) + (e.stderr() ? " ! " : " | ") + text);
            else drawSoon();
        } else if (event instanceof Event.TaskFinished e) {
            finished(e);
        } else if (event instanceof Event.HandlerNotified e) {
            if (verbose) print(v(e.host()) + " " + v(e.role()) + ": notified handler " + v(e.handler()));
        } else if (event instanceof Event.HostFailed e) {
            HostLine l = line(v(e.host()));
            l.running = false;
            l.state = e.unreachable() ? "UNREACHABLE" : "FAILED";
            StringBuilder b = new StringBuilder(v(e.host()) + " " + paint(l.state, "31") + " at "
                    + (v(e.role()) == null ? "" : v(e.role()) + ": ") + v(e.task()));
            for (String m : v(e.message()).split("\n", -1)) b.append("\n    ").append(m);
            print(b.toString());
        } else if (event instanceof Event.Notice e) {
            print((v(e.host()) == null ? "" : v(e.host()) + " ") + "note: " + v(e.message()));
        } else if (event instanceof Event.RunFinished e) {
            stopTicker();
            for (HostLine l : hosts.values()) {
                l.running = false;
                if (l.state.isEmpty() || l.state.equals("waiting")) l.state = e.exitCode() == 130 ? "interrupted" : "done";
            }
            if (live) {
                erase();
                block();
            }
            out.print(recapTable(e));
            out.flush();
        }
    }

    private void finished(Event.TaskFinished e) {
        HostLine l = line(v(e.host()));
        l.running = false;
        l.task = "";
        l.last = "";
        String word = word(e);
        boolean interesting = switch (e.status()) {
            case OK, SKIPPED -> false;
            default -> true;
        };
        if (interesting || verbose || !live) {
            String time = e.millis() >= 1000 ? String.format(Locale.ROOT, " (%.1fs)", e.millis() / 1000.0) : "";
            String summary = interesting && v(e.summary()) != null && !v(e.summary()).isEmpty() ? ": " + v(e.summary()) : "";
            StringBuilder b = new StringBuilder(v(e.host()) + " " + v(e.role()) + ": " + (e.handler() ? "handler " : "") + v(e.task())
                    + " ... " + paint(word, colorOf(e.status())) + time + summary);
            if (v(e.diff()) != null && !v(e.diff()).isEmpty()) {
                for (String d : v(e.diff()).split("\n", -1)) b.append("\n    ").append(paintDiff(d));
            }
            print(b.toString());
        } else {
            drawSoon();
        }
    }

    private String word(Event.TaskFinished e) {
        if (e.resumed()) return "skipped (resumed)";
        if (check && e.status() == TaskStatus.CHANGED) return "changed (check)";
        return e.status().word();
    }

    private static String colorOf(TaskStatus s) {
        return switch (s) {
            case OK -> "32";
            case CHANGED -> "33";
            case SKIPPED -> "36";
            case UNKNOWN -> "35";
            default -> "31";
        };
    }

    private String paint(String text, String color) { return colour ? "\u001b[" + color + "m" + text + RESET : text; }

    private String paintDiff(String d) {
        if (!colour) return d;
        if (d.startsWith("+") && !d.startsWith("+++")) return paint(d, "32");
        if (d.startsWith("-") && !d.startsWith("---")) return paint(d, "31");
        return d;
    }

    /** A value from the roles, the inventory or a host, with its control characters made visible: it cannot drive the terminal. */
    private static String v(String value) { return Printable.escape(value); }

    private static List<String> vs(List<String> values) { return values.stream().map(Printable::escape).toList(); }

    private HostLine line(String host) { return hosts.computeIfAbsent(host, h -> new HostLine()); }

    /** Prints permanent lines: timestamped in plain mode; above the live block on a terminal. */
    private void print(String text) {
        if (live) {
            erase();
            out.println(text);
            block();
        } else {
            String t = LocalTime.now(clock).format(HMS);
            for (String l : text.split("\n", -1)) out.println(t + " " + l);
        }
        out.flush();
    }

    private void drawSoon() {
        if (!live) return;
        long now = clock.millis();
        if (now - lastDraw < REDRAW_MS) return;
        redraw();
    }

    private synchronized void redraw() {
        if (!live || hosts.isEmpty()) return;
        erase();
        block();
        out.flush();
    }

    /** Moves the cursor to the top of the live block and clears it. */
    private void erase() {
        if (drawn > 0) out.print("\u001b[" + drawn + "A\r\u001b[J");
        drawn = 0;
    }

    private void block() {
        // Long host names take at most a third of a narrow terminal, so the task and state stay in view.
        int nameWidth = Math.min(hosts.keySet().stream().mapToInt(String::length).max().orElse(4), Math.max(8, width / 3));
        long now = clock.millis();
        for (Map.Entry<String, HostLine> e : hosts.entrySet()) {
            HostLine l = e.getValue();
            StringBuilder b = new StringBuilder(" ");
            b.append(pad(clip(e.getKey(), nameWidth), nameWidth)).append("  ");
            if (!l.phase.isEmpty()) b.append('[').append(l.phase).append("] ");
            if (l.running) {
                b.append(l.task).append("  ").append((now - l.startMillis) / 1000).append('s');
                if (!l.last.isEmpty()) b.append("  | ").append(l.last);
            } else {
                b.append(l.state);
            }
            out.println(clip(b.toString(), width - 1));
            drawn++;
        }
        lastDraw = now;
    }

    private void startTicker() {
        if (ticker != null) return;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-view");
            t.setDaemon(true);
            return t;
        });
        // Elapsed times move even when no event arrives (a long package install).
        ticker.scheduleAtFixedRate(this::redraw, REDRAW_MS, REDRAW_MS, TimeUnit.MILLISECONDS);
    }

    private void stopTicker() {
        if (ticker != null) ticker.shutdownNow();
        ticker = null;
    }

    @Override
    public synchronized void close() { stopTicker(); }

    /** The recap: one row per host; on a terminal, with short column names when the full ones would not fit it. */
    String recapTable(Event.RunFinished e) {
        boolean unknown = e.recap().values().stream().anyMatch(r -> r.unknown() > 0);
        Map<String, Recap> rows = new LinkedHashMap<>();
        e.recap().forEach((k, r) -> rows.put(v(k), r));
        int nw = Math.max(4, rows.keySet().stream().mapToInt(String::length).max().orElse(4));
        // Plain lines (a pipe, a file) keep the full names; a terminal gets the short ones when the full would wrap.
        boolean full = !live || nw + 69 + (unknown ? 9 : 0) < width;
        String head = full ? "  %5s %8s %7s %8s %12s%s %9s %12s%n" : "  %4s %4s %4s %4s %5s%s %7s %5s%n";
        String row = full ? "  %5d %8d %7d %8d %12d%s %9s %12d%n" : "  %4d %4d %4d %4d %5d%s %7s %5d%n";
        String unknownHead = unknown ? String.format(Locale.ROOT, full ? " %8s" : " %4s", full ? "UNKNOWN" : "UNKN") : "";
        if (!full) nw = Math.max(4, Math.min(nw, width - 1 - 41 - (unknown ? 5 : 0)));
        StringBuilder b = new StringBuilder("\n");
        b.append(pad("HOST", nw)).append(full
                ? String.format(Locale.ROOT, head, "OK", "CHANGED", "FAILED", "SKIPPED", "UNREACHABLE", unknownHead, "TIME", "ROUND TRIPS")
                : String.format(Locale.ROOT, head, "OK", "CHG", "FAIL", "SKIP", "UNRCH", unknownHead, "TIME", "RT"));
        for (Map.Entry<String, Recap> r : rows.entrySet()) {
            Recap c = r.getValue();
            String unknownCell = unknown ? String.format(Locale.ROOT, full ? " %8d" : " %4d", c.unknown()) : "";
            b.append(pad(clip(r.getKey(), nw), nw)).append(String.format(Locale.ROOT, row, c.ok(), c.changed(),
                    c.failed(), c.skipped(), c.unreachable(), unknownCell, seconds(c.millis()), c.roundTrips()));
        }
        if (!full) b.append("(CHG changed, UNRCH unreachable").append(unknown ? ", UNKN unknown" : "").append(", RT round trips)")
                .append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "%s in %s (exit code %d)%n", outcome(e.exitCode()), seconds(e.millis()), e.exitCode()));
        return b.toString();
    }

    private String outcome(int exit) {
        return switch (exit) {
            case 0 -> check ? "check finished" : "finished";
            case 1 -> "a task failed";
            case 2 -> "the roles could not be prepared: nothing was changed";
            case 3 -> "a host was unreachable";
            case 130 -> "interrupted";
            default -> "ended";
        };
    }

    private static String seconds(long ms) { return String.format(Locale.ROOT, "%.1fs", ms / 1000.0); }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }

    private static String clip(String s, int w) { return s.length() <= w ? s : s.substring(0, Math.max(0, w - 1)) + "…"; }

    /** The part of a line a terminal would show last: after the last carriage return, without escapes or controls. */
    static String printable(String line) {
        String s = line;
        int cr = s.lastIndexOf('\r', s.length() - 2);
        if (cr >= 0) s = s.substring(cr + 1);
        s = s.replaceAll("\u001b\\[[0-9;?]*[ -/]*[@-~]", "");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') b.append(' ');
            else if (c >= 0x20 && c != 0x7f) b.append(c);
        }
        return b.toString();
    }

    /** The hosts the view knows, in order (for tests). */
    synchronized List<String> hostNames() { return List.copyOf(hosts.keySet()); }
}
