package org.omnileads.deploy.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run's journal as read back from {@code STATE/runs/<run-id>.json}.
 *
 * @param status      {@code running} (still running, or the process died), {@code ok}, {@code failed},
 *                    {@code unreachable}, {@code interrupted} or {@code error}
 * @param exitCode    the run's exit code, null while running
 * @param hosts       per host, its task entries in the order they ended
 */
public record JournalRecord(String runId, String status, Integer exitCode, Instant started, Instant finished, String resumedFrom,
                            Parameters parameters, Map<String, HostEntry> hosts) {
    public JournalRecord {
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /**
     * One host in the journal.
     *
     * @param state   {@code ok}, {@code failed} or {@code unreachable}
     * @param message why it stopped, or null
     */
    public record HostEntry(String state, String message, List<TaskEntry> tasks) {
        public HostEntry { tasks = List.copyOf(tasks); }
    }

    /**
     * One task on one host.
     *
     * @param status  a {@link TaskStatus} word, or {@code running} when the run stopped inside it
     * @param changed true when the task changed the host
     * @param resumed true when it was skipped because an earlier run had done it
     */
    public record TaskEntry(String id, String role, String task, boolean handler, String status, boolean changed, long millis,
                            boolean resumed, Instant at) {
        /** True when a resumed run must not run this task again. */
        public boolean done() {
            if (resumed) return true;
            try {
                return TaskStatus.ofWord(status).done();
            } catch (IllegalArgumentException running) {
                return false;
            }
        }
    }

    /** True when this run ended well: nothing to resume. */
    public boolean succeeded() { return "ok".equals(status); }

    /** Ids of the tasks of {@code host} that ended ok, changed or skipped (or were resumed), which a resume skips. */
    public Set<String> doneTasks(String host) {
        Set<String> out = new LinkedHashSet<>();
        HostEntry h = hosts.get(host);
        if (h == null) return out;
        for (TaskEntry t : h.tasks()) if (!t.handler() && t.done()) out.add(t.id());
        return out;
    }
}
