package org.omnileads.deploy.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every host's full output and results, one file per host: {@code STATE/logs/<run-id>/<host>.log}.
 * Lines are timestamped; output lines of steps are indented under their task.
 */
public final class HostLogs implements Subscriber {
    /** Folder of the logs inside the state directory. */
    public static final String LOGS = "logs";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Path stateDir;
    private Path dir;
    private final Map<String, BufferedWriter> files = new LinkedHashMap<>();

    public HostLogs(Path stateDir) { this.stateDir = stateDir; }

    /** The log file of {@code host} in run {@code runId}. */
    public static Path fileOf(Path stateDir, String runId, String host) {
        return stateDir.resolve(LOGS).resolve(runId).resolve(safe(host) + ".log");
    }

    private static String safe(String host) { return host.replaceAll("[^A-Za-z0-9._-]", "_"); }

    @Override
    public void on(Event event) {
        if (event instanceof Event.RunStarted e) {
            closeAll();
            dir = stateDir.resolve(LOGS).resolve(e.runId());
            for (String h : e.hosts()) {
                write(h, "run " + e.runId() + ": " + e.parameters().action() + (e.parameters().check() ? " (check)" : "")
                        + (e.resumedFrom() == null ? "" : ", resuming " + e.resumedFrom()));
            }
        } else if (event instanceof Event.PhaseStarted e) {
            for (String h : e.hosts()) write(h, "== phase " + e.index() + "/" + e.count() + ": " + e.role() + " (on " + e.on() + ")");
        } else if (event instanceof Event.TaskStarted e) {
            write(e.host(), (e.handler() ? "handler " : "task ") + e.role() + ": " + e.task() + " ...");
        } else if (event instanceof Event.OutputLine e) {
            writeRaw(e.host(), (e.stderr() ? "    ! " : "    | ") + e.line());
        } else if (event instanceof Event.TaskFinished e) {
            write(e.host(), (e.handler() ? "handler " : "task ") + e.role() + ": " + e.task() + " -> " + e.status().word()
                    + (e.resumed() ? " (resumed)" : "") + (e.millis() > 0 ? " in " + e.millis() + " ms" : "")
                    + (e.summary() == null || e.summary().isEmpty() ? "" : ": " + e.summary()));
            if (e.diff() != null) for (String l : e.diff().split("\n", -1)) writeRaw(e.host(), "    " + l);
        } else if (event instanceof Event.HandlerNotified e) {
            write(e.host(), "notified " + e.role() + ": " + e.handler() + " (by " + e.byTask() + ")");
        } else if (event instanceof Event.HostFailed e) {
            write(e.host(), (e.unreachable() ? "UNREACHABLE" : "FAILED") + " at " + (e.role() == null ? "" : e.role() + ": ") + e.task());
            for (String l : e.message().split("\n", -1)) writeRaw(e.host(), "    " + l);
        } else if (event instanceof Event.Notice e) {
            if (e.host() != null) write(e.host(), "note: " + e.message());
            else for (String h : List.copyOf(files.keySet())) write(h, "note: " + e.message());
        } else if (event instanceof Event.RunFinished e) {
            e.recap().forEach((h, r) -> write(h, "recap: ok=" + r.ok() + " changed=" + r.changed() + " failed=" + r.failed()
                    + " skipped=" + r.skipped() + " unreachable=" + r.unreachable() + " roundTrips=" + r.roundTrips()
                    + " time=" + r.millis() + " ms; run exit code " + e.exitCode()));
            closeAll();
        }
    }

    private void write(String host, String text) {
        writeRaw(host, LocalDateTime.now().format(TIME) + " " + text);
    }

    private void writeRaw(String host, String line) {
        if (dir == null || host == null) return;
        try {
            BufferedWriter w = files.get(host);
            if (w == null) {
                Files.createDirectories(dir);
                w = Files.newBufferedWriter(dir.resolve(safe(host) + ".log"), StandardCharsets.UTF_8);
                files.put(host, w);
            }
            w.write(line);
            w.write('\n');
            // Flushed per line: the log is what one reads after a crash.
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log of " + host + ": " + e.getMessage(), e);
        }
    }

    private void closeAll() {
        for (BufferedWriter w : files.values()) {
            try {
                w.close();
            } catch (IOException ignored) {
                // Already flushed line by line.
            }
        }
        files.clear();
    }

    @Override
    public void close() { closeAll(); }
}
