package org.omnileads.deploy.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run's journal, {@code STATE/runs/<run-id>.json}: the run's parameters (never a secret) and,
 * per host and task, status, time and whether it changed. A subscriber: the file is rewritten
 * whole (temporary file, then rename), so it is consistent whenever the process stops. It is
 * written, forced to disk, when the run starts, before every step (task started), after every
 * result a resume relies on (changed, failed, interrupted, unreachable, done by the resumed run),
 * when a host fails and when the run ends. An ok or skipped result of this run waits for the next
 * of those writes: lost with the process, such a task is only probed again by a resume, and a
 * converged run writes its journal twice instead of once per task and host. {@link #find} picks
 * the run {@code --resume} continues.
 */
public final class Journal implements Subscriber {
    /** Folder of the journals inside the state directory. */
    public static final String RUNS = "runs";

    private final Path stateDir;
    private Path file;
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> hosts = new LinkedHashMap<>();
    /** Per host, task id to its entry, so a task that started and then ended has one entry. */
    private final Map<String, Map<String, Map<String, Object>>> tasks = new LinkedHashMap<>();
    /** Results in memory that the file does not hold yet. */
    private boolean unsaved;

    public Journal(Path stateDir) { this.stateDir = stateDir; }

    /** The journal file of {@code runId}. */
    public static Path fileOf(Path stateDir, String runId) { return stateDir.resolve(RUNS).resolve(runId + ".json"); }

    @Override
    public void on(Event event) {
        if (event instanceof Event.RunStarted e) {
            start(e);
        } else if (event instanceof Event.TaskStarted e) {
            task(e.host(), e.taskId(), e.role(), e.task(), e.handler()).put("status", "running");
            save();
        } else if (event instanceof Event.TaskFinished e) {
            Map<String, Object> t = task(e.host(), e.taskId(), e.role(), e.task(), e.handler());
            t.put("status", e.status().word());
            t.put("changed", e.status() == TaskStatus.CHANGED && !Boolean.TRUE.equals(paramsCheck()));
            t.put("millis", e.millis());
            t.put("resumed", e.resumed());
            t.put("at", Instant.now().toString());
            // Kept in memory until the next write when a resume would only probe the task again.
            if (e.resumed() || (e.status() != TaskStatus.OK && e.status() != TaskStatus.SKIPPED)) save();
            else unsaved = true;
        } else if (event instanceof Event.HostFailed e) {
            Map<String, Object> h = host(e.host());
            h.put("state", e.unreachable() ? "unreachable" : "failed");
            h.put("message", e.message());
            save();
        } else if (event instanceof Event.RunFinished e) {
            root.put("status", statusOf(e.exitCode()));
            root.put("exitCode", e.exitCode());
            root.put("finished", Instant.now().toString());
            save();
        }
    }

    private Object paramsCheck() {
        return root.get("parameters") instanceof Map<?, ?> p ? p.get("check") : null;
    }

    private void start(Event.RunStarted e) {
        file = fileOf(stateDir, e.runId());
        root.clear();
        hosts.clear();
        tasks.clear();
        root.put("runId", e.runId());
        root.put("status", "running");
        root.put("exitCode", null);
        root.put("started", Instant.now().toString());
        root.put("finished", null);
        root.put("resumedFrom", e.resumedFrom());
        root.put("parameters", e.parameters().toMap());
        Map<String, Object> hs = new LinkedHashMap<>();
        root.put("hosts", hs);
        for (String h : e.hosts()) host(h);
        save();
    }

    private Map<String, Object> host(String name) {
        return hosts.computeIfAbsent(name, n -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("state", "ok");
            h.put("message", null);
            h.put("tasks", new ArrayList<Object>());
            @SuppressWarnings("unchecked")
            Map<String, Object> hs = (Map<String, Object>) root.computeIfAbsent("hosts", k -> new LinkedHashMap<String, Object>());
            hs.put(n, h);
            return h;
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> task(String host, String id, String role, String name, boolean handler) {
        return tasks.computeIfAbsent(host, k -> new LinkedHashMap<>()).computeIfAbsent(id, k -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", id);
            t.put("role", role);
            t.put("task", name);
            t.put("handler", handler);
            t.put("status", "running");
            t.put("changed", false);
            t.put("millis", 0L);
            t.put("resumed", false);
            t.put("at", Instant.now().toString());
            ((List<Object>) host(host).get("tasks")).add(t);
            return t;
        });
    }

    private void save() {
        if (file != null) AtomicFile.write(file, Json.write(root) + "\n");
        unsaved = false;
    }

    /** A run that ends without its RunFinished event (an error in the caller) still leaves every result. */
    @Override
    public void close() {
        if (unsaved) save();
    }

    static String statusOf(int exitCode) {
        return switch (exitCode) {
            case 0 -> "ok";
            case 1 -> "failed";
            case 3 -> "unreachable";
            case 130 -> "interrupted";
            default -> "error";
        };
    }

    /** Reads one journal. */
    public static JournalRecord read(Path file) throws ResumeException {
        try {
            Object o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(o instanceof Map<?, ?> m)) throw new ResumeException(file + ": not a journal");
            return record(m);
        } catch (IOException e) {
            throw new ResumeException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new ResumeException(file + ": damaged journal (" + e.getMessage() + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static JournalRecord record(Map<?, ?> m) {
        Map<String, JournalRecord.HostEntry> hs = new LinkedHashMap<>();
        if (m.get("hosts") instanceof Map<?, ?> hm) {
            hm.forEach((name, v) -> {
                Map<String, Object> h = (Map<String, Object>) v;
                List<JournalRecord.TaskEntry> ts = new ArrayList<>();
                for (Object t : (List<Object>) h.getOrDefault("tasks", List.of())) {
                    Map<String, Object> e = (Map<String, Object>) t;
                    ts.add(new JournalRecord.TaskEntry((String) e.get("id"), (String) e.get("role"), (String) e.get("task"),
                            Boolean.TRUE.equals(e.get("handler")), (String) e.get("status"), Boolean.TRUE.equals(e.get("changed")),
                            e.get("millis") instanceof Number n ? n.longValue() : 0, Boolean.TRUE.equals(e.get("resumed")),
                            instant(e.get("at"))));
                }
                hs.put(String.valueOf(name), new JournalRecord.HostEntry((String) h.get("state"), (String) h.get("message"), ts));
            });
        }
        Integer exit = m.get("exitCode") instanceof Number n ? n.intValue() : null;
        return new JournalRecord((String) m.get("runId"), (String) m.get("status"), exit, instant(m.get("started")),
                instant(m.get("finished")), (String) m.get("resumedFrom"),
                Parameters.fromMap((Map<String, Object>) m.get("parameters")), hs);
    }

    private static Instant instant(Object o) { return o instanceof String s ? Instant.parse(s) : null; }

    /** Every readable journal of the state directory, oldest first. Damaged ones are left out. */
    public static List<JournalRecord> all(Path stateDir) {
        Path dir = stateDir.resolve(RUNS);
        List<JournalRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).toList()) {
                try {
                    out.add(read(f));
                } catch (ResumeException damaged) {
                    // A damaged journal is never resumed; the others still are.
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing((JournalRecord r) -> r.started() == null ? Instant.EPOCH : r.started())
                .thenComparing(JournalRecord::runId));
        return out;
    }

    /**
     * The run {@code --resume} continues: the given id, or for {@link RunOptions#LAST} the latest run
     * that changed things (check runs are passed over), provided it did not succeed.
     */
    public static JournalRecord find(Path stateDir, String idOrLast) throws ResumeException {
        if (stateDir == null) throw new ResumeException("no state directory: nothing to resume");
        if (idOrLast != null && !idOrLast.equals(RunOptions.LAST)) {
            Path f = fileOf(stateDir, idOrLast);
            if (!Files.exists(f)) throw new ResumeException("no run " + idOrLast + " in " + stateDir.resolve(RUNS));
            JournalRecord r = read(f);
            if (r.succeeded()) throw new ResumeException("run " + r.runId() + " succeeded: nothing to resume");
            return r;
        }
        List<JournalRecord> runs = all(stateDir);
        for (int i = runs.size() - 1; i >= 0; i--) {
            JournalRecord r = runs.get(i);
            if (r.parameters().check()) continue;
            if (r.succeeded()) throw new ResumeException("the last run, " + r.runId() + ", succeeded: nothing to resume");
            return r;
        }
        throw new ResumeException("no run to resume in " + stateDir.resolve(RUNS));
    }
}
