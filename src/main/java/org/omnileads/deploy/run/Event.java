package org.omnileads.deploy.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the runner tells its subscribers (console, JSON lines, host logs, journal). The
 * {@link EventBus} passes every event through {@link #redacted} before any subscriber sees it,
 * so every string field must be covered there.
 */
public sealed interface Event {
    /** The same event with every string passed through {@code r}. */
    Event redacted(UnaryOperator<String> r);

    /** The event's fields for JSON, in a stable order (the event name is added by the writer). */
    Map<String, Object> fields();

    /** The name written as {@code "event"} in JSON lines. */
    default String type() { return getClass().getSimpleName(); }

    /** Redacts every string inside nested lists and maps (extra variables may be structured). */
    private static Object deep(Object v, UnaryOperator<String> r) {
        if (v instanceof String s) return r.apply(s);
        if (v instanceof List<?> l) return l.stream().map(x -> deep(x, r)).toList();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(r.apply(String.valueOf(k)), deep(x, r)));
            return out;
        }
        return v;
    }

    /**
     * The run begins.
     *
     * @param hosts       hosts the run works on, in inventory order
     * @param resumedFrom the run id this run resumes, or null
     */
    record RunStarted(String runId, Parameters parameters, List<String> hosts, String resumedFrom) implements Event {
        public RunStarted { hosts = List.copyOf(hosts); }

        @Override public Event redacted(UnaryOperator<String> r) {
            Map<String, Object> vars = new LinkedHashMap<>();
            parameters.extraVariables().forEach((k, v) -> vars.put(r.apply(k), deep(v, r)));
            Parameters p = new Parameters(r.apply(parameters.action()), parameters.check(), parameters.diff(), parameters.forks(),
                    parameters.components().stream().map(r).toList(), parameters.limit().stream().map(r).toList(),
                    parameters.tags().stream().map(r).toList(), vars);
            return new RunStarted(r.apply(runId), p, hosts.stream().map(r).toList(), r.apply(resumedFrom));
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", runId);
            m.put("parameters", parameters.toMap());
            m.put("hosts", hosts);
            m.put("resumedFrom", resumedFrom);
            return m;
        }
    }

    /**
     * A phase of {@code site.yaml} begins on its hosts.
     *
     * @param index 1-based position among the phases this run runs
     * @param count how many phases this run runs
     */
    record PhaseStarted(int index, int count, String role, String on, List<String> hosts) implements Event {
        public PhaseStarted { hosts = List.copyOf(hosts); }

        @Override public Event redacted(UnaryOperator<String> r) {
            return new PhaseStarted(index, count, r.apply(role), r.apply(on), hosts.stream().map(r).toList());
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("count", count);
            m.put("role", role);
            m.put("on", on);
            m.put("hosts", hosts);
            return m;
        }
    }

    /**
     * A task's step starts on a host (tasks that plan ok or skip get only a {@link TaskFinished}).
     *
     * @param taskId stable within a site: phase, role, task name and occurrence; the journal's key
     */
    record TaskStarted(String host, String taskId, String role, String task, boolean handler) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) {
            return new TaskStarted(r.apply(host), r.apply(taskId), r.apply(role), r.apply(task), handler);
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("taskId", taskId);
            m.put("role", role);
            m.put("task", task);
            m.put("handler", handler);
            return m;
        }
    }

    /** One line printed by the running step (standard error is merged into standard output per step, in order). */
    record OutputLine(String host, String line, boolean stderr) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) { return new OutputLine(r.apply(host), r.apply(line), stderr); }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("line", line);
            m.put("stderr", stderr);
            return m;
        }
    }

    /**
     * A task ended on a host.
     *
     * @param summary what was found or done (the plan's summary, or why it failed)
     * @param diff    unified diff when {@code --diff} was given and the task has one, else null
     * @param millis  time its step took (0 when nothing was applied)
     * @param resumed true when skipped because the resumed run had done it
     */
    record TaskFinished(String host, String taskId, String role, String task, boolean handler, TaskStatus status,
                        String summary, String diff, long millis, boolean resumed) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) {
            return new TaskFinished(r.apply(host), r.apply(taskId), r.apply(role), r.apply(task), handler, status, r.apply(summary),
                    r.apply(diff), millis, resumed);
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("taskId", taskId);
            m.put("role", role);
            m.put("task", task);
            m.put("handler", handler);
            m.put("status", status.word());
            m.put("summary", summary);
            if (diff != null) m.put("diff", diff);
            m.put("millis", millis);
            m.put("resumed", resumed);
            return m;
        }
    }

    /** A changed task notified a handler; it runs once at the end of the role (and is kept pending until it has). */
    record HandlerNotified(String host, String role, String handler, String byTask) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) {
            return new HandlerNotified(r.apply(host), r.apply(role), r.apply(handler), r.apply(byTask));
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("role", role);
            m.put("handler", handler);
            m.put("byTask", byTask);
            return m;
        }
    }

    /**
     * A host stopped: a task failed, or its session broke ({@code unreachable}).
     *
     * @param role the role it was on, or null before any role (gathering facts)
     * @param task the task it was on
     */
    record HostFailed(String host, String role, String task, String message, boolean unreachable) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) {
            return new HostFailed(r.apply(host), r.apply(role), r.apply(task), r.apply(message), unreachable);
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("role", role);
            m.put("task", task);
            m.put("message", message);
            m.put("unreachable", unreachable);
            return m;
        }
    }

    /** Something the operator should know that is not a task result (host is null for the whole run). */
    record Notice(String host, String message) implements Event {
        @Override public Event redacted(UnaryOperator<String> r) { return new Notice(r.apply(host), r.apply(message)); }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", host);
            m.put("message", message);
            return m;
        }
    }

    /** The run ended; the last event. {@code recap} is per host in inventory order. */
    record RunFinished(String runId, int exitCode, Map<String, Recap> recap, long millis) implements Event {
        public RunFinished { recap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recap)); }

        @Override public Event redacted(UnaryOperator<String> r) {
            Map<String, Recap> m = new LinkedHashMap<>();
            recap.forEach((k, v) -> m.put(r.apply(k), v));
            return new RunFinished(r.apply(runId), exitCode, m, millis);
        }

        @Override public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", runId);
            m.put("exitCode", exitCode);
            Map<String, Object> hosts = new LinkedHashMap<>();
            recap.forEach((k, v) -> hosts.put(k, v.toMap()));
            m.put("recap", hosts);
            m.put("millis", millis);
            return m;
        }
    }
}
