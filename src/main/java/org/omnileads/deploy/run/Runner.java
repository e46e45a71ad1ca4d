package org.omnileads.deploy.run;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.Secrets;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.tasks.Task;

/**
 * Runs the site's phases on the inventory's hosts: phases in site order, the hosts of a phase in
 * parallel (at most {@code forks} at once), with few round trips per host (one probe script for
 * everything at the start; per phase with changes, one apply script that also reads the facts of
 * what follows). After a phase in which a host failed, the run stops.
 *
 * <p>With a state directory the runner itself subscribes the {@link Journal} and the
 * {@link HostLogs} to the bus, so resume works whatever the caller subscribes; the caller adds
 * the console view or {@link JsonEvents}.
 *
 * <p>Ctrl-C: {@link #interrupt()} stops new work, kills each running apply script with its whole
 * process group on the host (a {@code kill} sent on another channel of the same session: closing
 * a channel does not stop a remote process that is not writing), and interrupts the worker
 * threads. Hosts still busy after {@value #GRACE_SECONDS} s get their session closed, which ends
 * any channel; the run then finishes with exit code 130 and every task that was running is
 * recorded as interrupted in the journal.
 */
public final class Runner {
    static final int GRACE_SECONDS = 5;
    private static final Duration GRACE = Duration.ofSeconds(GRACE_SECONDS);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Roles roles;
    private final Inventory inventory;
    private final Map<Host, RemoteHost> sessions;
    private final RunOptions opts;
    private final EventBus bus;
    private final String runId;
    private final JournalRecord resumed;
    private final PendingHandlers pending;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long interruptedAt;
    private volatile List<HostRun> hostRuns = List.of();

    /**
     * @param sessions one logged-in session per inventory host; the caller closes them after the run
     * @throws ResumeException when {@code opts} asks to resume and there is no run to resume
     */
    public Runner(Roles roles, Inventory inventory, Map<Host, RemoteHost> sessions, RunOptions opts, EventBus bus) throws ResumeException {
        this.roles = roles;
        this.inventory = inventory;
        this.sessions = Map.copyOf(sessions);
        this.bus = bus;
        if (opts.resumeRunId() != null) {
            this.resumed = Journal.find(opts.stateDir(), opts.resumeRunId());
            this.opts = opts.withParameters(resumed.parameters(), resumed.runId());
        } else {
            this.resumed = null;
            this.opts = opts;
        }
        this.runId = newRunId();
        this.pending = PendingHandlers.load(opts.stateDir());
        if (opts.stateDir() != null) {
            bus.subscribe(new Journal(opts.stateDir()));
            bus.subscribe(new HostLogs(opts.stateDir()));
        }
    }

    /** This run's id: UTC time and a short random suffix, e.g. {@code 20250614-101530-3fa9}. */
    public String runId() { return runId; }

    /** The options in effect: for a resume, the resumed run's parameters. */
    public RunOptions options() { return opts; }

    /** The run being resumed, or null. */
    public JournalRecord resumedRun() { return resumed; }

    /** The journal file of this run, or null without a state directory. */
    public Path journalFile() { return opts.stateDir() == null ? null : Journal.fileOf(opts.stateDir(), runId); }

    static String newRunId() {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return RUN_ID.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(b);
    }

    /**
     * Stops the run: no new task or host starts, running remote commands are cancelled, running
     * tasks are recorded as interrupted, and {@link #run()} returns exit code 130. Safe to call
     * from a signal handler thread, more than once.
     */
    public void interrupt() {
        if (!interrupted.compareAndSet(false, true)) return;
        interruptedAt = System.nanoTime();
        for (HostRun h : hostRuns) {
            h.stopRemote();
            Thread t = h.thread;
            if (t != null) t.interrupt();
        }
    }

    boolean interrupted() { return interrupted.get(); }

    PendingHandlers pending() { return pending; }

    void emit(Event e) {
        if (!ended.get()) bus.publish(e);
    }

    /** Runs to the end (or the first phase with a failure, or Ctrl-C) and reports the recap. */
    public RunResult run() {
        long t0 = System.nanoTime();
        Selection sel = Selection.of(roles, inventory, opts);
        bus.redactor().addAll(inventory.secretValues());
        opts.extraVariables().forEach((k, v) -> {
            if (Secrets.isSecretName(k) && v instanceof String s) bus.redactor().add(s);
        });
        emit(new Event.RunStarted(runId, opts.parameters(s -> !s.equals(bus.redactor().redact(s))),
                sel.hosts().stream().map(Host::name).toList(), resumed == null ? null : resumed.runId()));
        if (sel.hosts().isEmpty()) emit(new Event.Notice(null, "no host runs any phase for the selected components and --limit"));
        for (String name : opts.limit()) {
            if (inventory.hostNamed(name) == null) emit(new Event.Notice(null, "--limit " + name + ": no such host in the inventory"));
        }
        for (Host h : sel.hosts()) {
            var p = pending.all(h.name());
            if (!p.isEmpty()) {
                emit(new Event.Notice(h.name(), "handlers pending from an earlier run: "
                        + String.join(", ", p.stream().map(x -> x.role() + ": " + x.handler()).toList())));
            }
        }

        Map<Host, List<HostRun.Unit>> units = new LinkedHashMap<>();
        boolean bound = bind(sel, units);
        if (!bound) return end(sel, RunResult.NOT_BOUND, t0);
        List<HostRun> runs = new ArrayList<>();
        for (Host h : sel.hosts()) runs.add(new HostRun(h, sessionOf(h), this, units.get(h)));
        hostRuns = List.copyOf(runs);
        Map<String, HostRun> byName = new HashMap<>();
        for (HostRun r : runs) byName.put(r.name(), r);

        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(opts.forks(), runs.size())), r -> {
            Thread t = new Thread(r, "deploy-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            parallel(pool, runs, HostRun::probeAll);
            if (runs.stream().noneMatch(HostRun::stopped) && !interrupted()) {
                int k = 0;
                for (Selection.Selected sp : sel.phases()) {
                    k++;
                    List<HostRun> on = new ArrayList<>();
                    for (Host h : sp.hosts()) {
                        HostRun r = byName.get(h.name());
                        if (r != null && !r.stopped() && r.hasWork(sp)) on.add(r);
                    }
                    if (on.isEmpty()) continue;
                    if (interrupted()) break;
                    emit(new Event.PhaseStarted(k, sel.phases().size(), sp.phase().role(), sp.phase().on(), on.stream().map(HostRun::name).toList()));
                    parallel(pool, on, r -> r.runPhase(sp));
                    if (interrupted() || runs.stream().anyMatch(HostRun::stopped)) break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int exit;
        if (interrupted()) exit = RunResult.INTERRUPTED;
        else if (runs.stream().anyMatch(HostRun::unreachable)) exit = RunResult.UNREACHABLE;
        else if (runs.stream().anyMatch(r -> r.failed() || r.stopped())) exit = RunResult.TASK_FAILED;
        else exit = RunResult.OK;
        return end(sel, exit, t0);
    }

    private RemoteHost sessionOf(Host h) {
        RemoteHost s = sessions.get(h);
        if (s != null) return s;
        for (Map.Entry<Host, RemoteHost> e : sessions.entrySet()) if (e.getKey().name().equals(h.name())) return e.getValue();
        return null;
    }

    /** Binds every phase's role for every host before any host is touched; false (reported) when one cannot be. */
    private boolean bind(Selection sel, Map<Host, List<HostRun.Unit>> units) {
        boolean ok = true;
        for (Host h : sel.hosts()) {
            Map<String, Object> vars = variables(h);
            List<HostRun.Unit> list = new ArrayList<>();
            Set<String> done = resumed == null ? Set.of() : resumed.doneTasks(h.name());
            int order = -1;
            for (Selection.Selected sp : sel.phases()) {
                order++;
                if (!sp.hosts().contains(h)) continue;
                String role = sp.phase().role();
                BoundRole br;
                try {
                    br = roles.bind(role, vars);
                } catch (RoleException e) {
                    for (String problem : e.problems()) emit(new Event.HostFailed(h.name(), role, "binding the role", problem, false));
                    ok = false;
                    continue;
                }
                // Known before any task prints anything, so no output of the run can show them.
                for (Task t : br.tasks()) bus.redactor().addAll(t.secrets());
                for (Task t : br.handlers().values()) bus.redactor().addAll(t.secrets());
                Map<String, Integer> seen = new HashMap<>();
                for (Task t : br.tasks()) {
                    if (!tagged(t)) continue;
                    String name = t.spec().name();
                    int n = seen.merge(name, 1, Integer::sum);
                    String id = sp.siteIndex() + "/" + role + "/" + name + "#" + n;
                    list.add(new HostRun.Unit(list.size(), order, sp, br, t, id, false, null, done.contains(id)));
                }
                List<Map.Entry<String, Task>> handlers = new ArrayList<>(br.handlers().entrySet());
                // Handlers run in the order of their file, as operators read it.
                handlers.sort(Comparator.comparingInt((Map.Entry<String, Task> e) -> e.getValue().spec().line()).thenComparing(Map.Entry::getKey));
                for (Map.Entry<String, Task> e : handlers) {
                    String id = sp.siteIndex() + "/" + role + "/handler:" + e.getKey();
                    list.add(new HostRun.Unit(list.size(), order, sp, br, e.getValue(), id, true, e.getKey(), false));
                }
            }
            units.put(h, list);
        }
        return ok;
    }

    private boolean tagged(Task t) {
        return opts.tags().isEmpty() || t.spec().tags().stream().anyMatch(opts.tags()::contains);
    }

    /** Inventory variables and wiring, the host's own, then the extra variables over all. */
    Map<String, Object> variables(Host h) {
        Map<String, Object> vars = new LinkedHashMap<>(inventory.allVariables());
        vars.put("inventory_hostname", h.name());
        vars.put("host_ip", h.address());
        vars.put("host_components", inventory.componentsOf(h).stream().map(Component::group).toList());
        vars.putAll(opts.extraVariables());
        return vars;
    }

    /** Runs {@code work} on each host (bounded by the pool) and waits for all, cancelling after Ctrl-C. */
    private void parallel(ExecutorService pool, List<HostRun> hosts, Consumer<HostRun> work) {
        List<Future<?>> futures = new ArrayList<>();
        for (HostRun h : hosts) futures.add(pool.submit(() -> runOn(h, work)));
        boolean closed = false;
        for (int i = 0; i < futures.size(); i++) {
            Future<?> f = futures.get(i);
            while (true) {
                try {
                    f.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (!interrupted()) continue;
                    long since = System.nanoTime() - interruptedAt;
                    if (!closed && since > GRACE.toNanos()) {
                        // The commands did not end on thread interrupt: closing the session ends every channel.
                        for (HostRun h : hosts) if (h.thread != null && h.session != null) h.session.close();
                        closed = true;
                    }
                    if (since > 3 * GRACE.toNanos()) {
                        for (HostRun h : hosts) if (h.thread != null) h.abandon();
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupt();
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
        }
    }

    private void runOn(HostRun h, Consumer<HostRun> work) {
        h.thread = Thread.currentThread();
        long t = System.nanoTime();
        try {
            if (interrupted()) return;
            work.accept(h);
        } catch (RuntimeException e) {
            h.hostFailed(null, "internal error", e.toString(), false);
        } finally {
            h.addMillis((System.nanoTime() - t) / 1_000_000);
            h.thread = null;
            // The pool thread is reused: a pending interrupt must not hit the next host.
            Thread.interrupted();
        }
    }

    private RunResult end(Selection sel, int exit, long t0) {
        Map<String, Recap> recap = new LinkedHashMap<>();
        Map<String, HostRun> byName = new HashMap<>();
        for (HostRun r : hostRuns) byName.put(r.name(), r);
        for (Host h : sel.hosts()) {
            HostRun r = byName.get(h.name());
            recap.put(h.name(), r == null ? Recap.EMPTY : r.recap());
        }
        emit(new Event.RunFinished(runId, exit, recap, (System.nanoTime() - t0) / 1_000_000));
        ended.set(true);
        return new RunResult(runId, exit, recap, journalFile());
    }
}
