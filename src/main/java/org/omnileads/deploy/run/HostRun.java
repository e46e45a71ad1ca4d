package org.omnileads.deploy.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.tasks.FileProbe;
import org.omnileads.deploy.tasks.PackageManager;
import org.omnileads.deploy.tasks.Plan;
import org.omnileads.deploy.tasks.Step;
import org.omnileads.deploy.tasks.Task;

/**
 * One host's part of a run: its tasks and handlers in phase order, the facts last read from it,
 * and the batched round trips that probe and converge it. Runs on one worker thread at a time.
 */
final class HostRun {
    static final Duration PROBE_TIMEOUT = Duration.ofMinutes(10);
    /** Package installs and builds run inside one apply script. */
    static final Duration APPLY_TIMEOUT = Duration.ofHours(4);
    private static final int KEPT_LINES = 20;
    /** Start of a line that the deployer's own step scripts print for the operator (a wait, a retry). */
    static final String OPERATOR_LINE = "oml: ";

    /**
     * A task or handler of one phase on this host.
     *
     * @param index        position in the host's run order (tasks of a phase, then its handlers)
     * @param order        position of the phase among the selected phases
     * @param resumedDone  done by the run being resumed: reported, never probed or run
     */
    record Unit(int index, int order, Selection.Selected phase, BoundRole role, Task task, String id, boolean handler,
                String handlerName, boolean resumedDone) {
        String roleName() { return role.name(); }

        String name() { return task.spec().name(); }
    }

    /** A unit with what it planned; {@code error} when planning itself failed. */
    private record Item(Unit unit, Plan plan, String error) {}

    final Host host;
    final RemoteHost session;
    private final Runner runner;
    final List<Unit> units;
    private final Map<Integer, String> facts = new HashMap<>();
    private final Map<Integer, Set<String>> notified = new HashMap<>();
    private final Set<Integer> finished = new HashSet<>();
    private Recap recap = Recap.EMPTY;
    private long roundTrips;
    private long millis;
    private boolean changedEarlier;
    /** The package repositories were read once in this run: later phases trust them. */
    private boolean repositoryChecked;
    private volatile boolean stopped;
    private volatile boolean unreachable;
    private volatile boolean failed;
    volatile Thread thread;
    private volatile Unit current;
    /** The running apply script's pid and process group on the host, for Ctrl-C; null between scripts. */
    private volatile long[] remote;
    /** What the session remembers of this host's facts from an earlier run (kept sessions only). */
    private final KnownFacts known;

    HostRun(Host host, RemoteHost session, Runner runner, List<Unit> units) {
        this.host = host;
        this.session = session;
        this.runner = runner;
        this.units = List.copyOf(units);
        this.known = KnownFacts.read(session == null ? null : session.knownFacts());
    }

    /** Hands what this run learned of the host's facts back to the session (which may keep it for the next run). */
    private void rememberFacts() {
        if (session != null && !known.isEmpty()) session.knownFacts(known.bytes());
    }

    String name() { return host.name(); }

    boolean stopped() { return stopped; }

    boolean failed() { return failed; }

    boolean unreachable() { return unreachable; }

    synchronized Recap recap() { return recap.withCost(roundTrips, millis); }

    synchronized void addMillis(long ms) { millis += ms; }

    /** True when the phase has something for this host: tasks, or handlers pending from an earlier run. */
    boolean hasWork(Selection.Selected p) {
        for (Unit u : units) if (u.phase() == p && !u.handler()) return true;
        for (Unit u : units) {
            if (u.phase() == p && u.handler() && runner.pending().of(name(), u.roleName()).contains(u.handlerName())) return true;
        }
        return false;
    }

    // ---- gathering facts --------------------------------------------------------------------

    /** The one probe round trip for every task and handler of this host. */
    void probeAll() {
        if (session == null) {
            hostFailed(null, "connecting", "no session to this host", true);
            return;
        }
        List<Scripts.Probe> probes = probes(u -> true);
        if (probes == null || probes.isEmpty()) return;
        String nonce = Scripts.nonce();
        CommandResult r;
        try {
            r = exec(RemoteCommand.script(Scripts.probeScript(nonce, probes, known)).withTimeout(PROBE_TIMEOUT));
        } catch (SshException e) {
            if (runner.interrupted()) {
                stop();
            } else {
                transportFailure(null, "gathering facts", e);
            }
            return;
        }
        if (runner.interrupted()) {
            stop();
            return;
        }
        if (!Scripts.complete(nonce, r.stdout())) {
            hostFailed(null, "gathering facts", "the probe script did not finish (exit " + r.exitStatus() + ")" + tailOf(r.stderr()), false);
            return;
        }
        synchronized (this) {
            facts.putAll(Scripts.parseFacts(nonce, r.stdout(), probes, known));
        }
        rememberFacts();
    }

    /** Probe fragments of the units matching {@code which}; null (and the host failed) when a task cannot give one. */
    private List<Scripts.Probe> probes(Predicate<Unit> which) {
        List<Scripts.Probe> out = new ArrayList<>();
        for (Unit u : units) {
            if (u.resumedDone() || !which.test(u)) continue;
            String p;
            FileProbe file;
            try {
                p = u.task().probe();
                file = u.task().fileProbe();
            } catch (RuntimeException e) {
                hostFailed(u.roleName(), u.name(), "cannot build the probe: " + e.getMessage(), false);
                return null;
            }
            if (p != null && !p.isBlank()) out.add(new Scripts.Probe(u.index(), p, file, u.task().probeInline(), u.task().factsFiles(),
                    u.task().probeAlongside()));
        }
        return out;
    }

    private synchronized String factsOf(Unit u) { return facts.getOrDefault(u.index(), ""); }

    // ---- phases -----------------------------------------------------------------------------

    /**
     * Plans and converges this host's tasks of phase {@code p}, then runs the role's handlers.
     * A batch ends before the first task that planned Ok after a change: that task's facts may
     * have been made stale by the change (e.g. a line to remove from a file an earlier task
     * creates), so the rest is probed again at the end of the batch's apply script and planned
     * anew. A converged phase has no change, so no extra round trip.
     */
    void runPhase(Selection.Selected p) {
        if (stopped) return;
        List<Unit> phaseUnits = new ArrayList<>();
        int order = -1;
        for (Unit u : units) {
            if (u.phase() != p || u.handler()) continue;
            order = u.order();
            phaseUnits.add(u);
        }
        int ord = order >= 0 ? order : orderOf(p);
        if (runner.options().check()) {
            if (!phaseUnits.isEmpty() && !reportCheck(phaseUnits.stream().map(this::plan).toList())) return;
        } else {
            if (!repositoryReachable(phaseUnits, p)) return;
            int from = 0;
            while (from < phaseUnits.size()) {
                List<Item> batch = new ArrayList<>();
                boolean changed = false;
                int cut = from;
                for (; cut < phaseUnits.size(); cut++) {
                    Item it = plan(phaseUnits.get(cut));
                    if (changed && it.plan() instanceof Plan.Ok) break;
                    if (it.plan() instanceof Plan.Change) changed = true;
                    batch.add(it);
                }
                Set<Integer> rest = new HashSet<>();
                for (Unit u : phaseUnits.subList(cut, phaseUnits.size())) rest.add(u.index());
                if (!apply(batch, u -> rest.contains(u.index()) || u.order() > ord || (u.order() == ord && u.handler()))) return;
                from = cut;
            }
        }
        runHandlers(p, ord);
    }

    /**
     * Before the first phase in which a task will download packages on this host: one round trip
     * that refreshes stale package lists and downloads what the phase's installs need (retrying),
     * so that an unreachable repository stops the host before anything of the role is applied
     * rather than half way through it.
     */
    private boolean repositoryReachable(List<Unit> phaseUnits, Selection.Selected p) {
        if (repositoryChecked) return true;
        PackageManager tool = null;
        Set<String> fetch = new LinkedHashSet<>();
        for (Unit u : phaseUnits) {
            if (u.resumedDone() || u.task().packageSource() == null) continue;
            if (plan(u).plan() instanceof Plan.Change) {
                if (tool == null) tool = u.task().packageSource();
                if (u.task().packageSource().equals(tool)) fetch.addAll(u.task().downloads(factsOf(u)));
            }
        }
        if (tool == null) return true;
        repositoryChecked = true;
        String role = p.phase().role();
        CommandResult r;
        try {
            // Downloads now happen here: the install's time limit, not a probe's.
            r = exec(RemoteCommand.script(tool.repositoryCheck(List.copyOf(fetch))).withTimeout(fetch.isEmpty() ? PROBE_TIMEOUT : APPLY_TIMEOUT)
                    .onLine(l -> show(l.text(), l.stderr())));
        } catch (SshException e) {
            if (runner.interrupted()) stop();
            else transportFailure(role, RepositoryCheck.TASK, e);
            return false;
        }
        if (runner.interrupted()) {
            stop();
            return false;
        }
        if (r.ok()) return true;
        hostFailed(role, RepositoryCheck.TASK, RepositoryCheck.failure(name(), role, tool, r.exitStatus(), r.stdout(), r.stderr()), false);
        return false;
    }

    /** A line of a remote script: an event, and a notice when our own scripts address the operator ("oml: ..."). */
    private void show(String line, boolean stderr) {
        runner.emit(new Event.OutputLine(name(), line, stderr));
        if (line.startsWith(OPERATOR_LINE)) runner.emit(new Event.Notice(name(), line.substring(OPERATOR_LINE.length())));
    }

    private int orderOf(Selection.Selected p) {
        for (Unit u : units) if (u.phase() == p) return u.order();
        return Integer.MAX_VALUE;
    }

    private Item plan(Unit u) {
        if (u.resumedDone()) return new Item(u, null, null);
        try {
            Plan plan = u.task().plan(factsOf(u));
            if (plan == null) return new Item(u, null, "the task planned nothing");
            return new Item(u, plan, null);
        } catch (RuntimeException e) {
            return new Item(u, null, "cannot plan: " + e.getMessage());
        }
    }

    /** Handlers of the role notified in this run or pending from an earlier one, once, in file order. */
    private void runHandlers(Selection.Selected p, int ord) {
        if (stopped) return;
        Set<String> names = new LinkedHashSet<>(notifiedIn(p));
        String role = p.phase().role();
        names.addAll(runner.pending().of(name(), role));
        if (names.isEmpty()) return;
        List<Item> items = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Unit u : units) {
            if (u.phase() != p || !u.handler()) continue;
            known.add(u.handlerName());
            if (names.contains(u.handlerName())) items.add(plan(u));
        }
        for (String n : names) {
            if (known.contains(n)) continue;
            runner.emit(new Event.Notice(name(), "handler '" + n + "' of role " + role + " is not defined any more: dropped"));
            if (!runner.options().check()) runner.pending().remove(name(), role, n);
        }
        if (items.isEmpty()) return;
        if (runner.options().check()) {
            reportCheck(items);
        } else {
            apply(items, u -> u.order() > ord);
        }
    }

    private synchronized Set<String> notifiedIn(Selection.Selected p) {
        return new LinkedHashSet<>(notified.getOrDefault(p.siteIndex(), Set.of()));
    }

    // ---- check mode -------------------------------------------------------------------------

    private boolean reportCheck(List<Item> items) {
        for (Item it : items) {
            Unit u = it.unit();
            if (it.error() != null) {
                finish(u, TaskStatus.FAILED, it.error(), null, 0, false);
                hostFailed(u.roleName(), u.name(), it.error(), false);
                return false;
            }
            if (u.resumedDone()) {
                finish(u, TaskStatus.SKIPPED, "done by the resumed run", null, 0, true);
            } else if (it.plan() instanceof Plan.Ok ok) {
                finish(u, TaskStatus.OK, ok.detail(), null, 0, false);
            } else if (it.plan() instanceof Plan.Skip skip) {
                finish(u, TaskStatus.SKIPPED, skip.reason(), null, 0, false);
            } else if (it.plan() instanceof Plan.Change c) {
                boolean unknown = c.dependsOnEarlier() && changedEarlierOnHost();
                finish(u, unknown ? TaskStatus.UNKNOWN : TaskStatus.CHANGED,
                        unknown ? c.summary() + " (depends on an earlier change)" : c.summary(), diffOf(c), 0, false);
            }
        }
        return true;
    }

    private synchronized boolean changedEarlierOnHost() { return changedEarlier; }

    // ---- apply ------------------------------------------------------------------------------

    /** Per applied item: when its step began and its last output lines. */
    private static final class Progress {
        long startNanos;
        boolean begun;
        boolean ended;
        int status;
        final Deque<String> lines = new ArrayDeque<>();
    }

    /**
     * Reports the items in order, sending the changes in one apply script that ends with the
     * probes of {@code tail}. False when the host stopped.
     */
    private boolean apply(List<Item> all, Predicate<Unit> tail) {
        // A task that cannot plan ends the batch there: what precedes it still runs.
        List<Item> items = new ArrayList<>();
        Item broken = null;
        for (Item it : all) {
            if (it.error() != null) {
                broken = it;
                break;
            }
            items.add(it);
        }
        boolean ok = applyItems(items, tail);
        if (ok && broken != null) {
            Unit u = broken.unit();
            finish(u, TaskStatus.FAILED, broken.error(), null, 0, false);
            hostFailed(u.roleName(), u.name(), broken.error(), false);
            return false;
        }
        return ok;
    }

    private boolean applyItems(List<Item> items, Predicate<Unit> tail) {
        int[] next = {0};
        reportPlannedFrom(items, next);
        List<Scripts.StepItem> steps = new ArrayList<>();
        Map<Integer, Progress> progress = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).plan() instanceof Plan.Change c) {
                steps.add(new Scripts.StepItem(i, c.step().script()));
                progress.put(i, new Progress());
            }
        }
        if (steps.isEmpty()) return true;
        if (!upload(items)) return false;
        List<Scripts.Probe> tailProbes = probes(tail);
        if (tailProbes == null) return false;
        String nonce = Scripts.nonce();
        Progress[] running = {null};
        ApplyStream stream = new ApplyStream(nonce, new ApplyStream.Listener() {
            @Override public void begin(int i) {
                Progress pr = progress.get(i);
                if (pr == null) return;
                pr.begun = true;
                pr.startNanos = System.nanoTime();
                running[0] = pr;
                Unit u = items.get(i).unit();
                current = u;
                runner.emit(new Event.TaskStarted(name(), u.id(), u.roleName(), u.name(), u.handler()));
            }

            @Override public void end(int i, int status) {
                Progress pr = progress.get(i);
                if (pr == null || pr.ended) return;
                pr.ended = true;
                pr.status = status;
                Unit u = items.get(i).unit();
                Plan.Change c = (Plan.Change) items.get(i).plan();
                long ms = (System.nanoTime() - pr.startNanos) / 1_000_000;
                current = null;
                running[0] = null;
                if (status == 0) {
                    finish(u, TaskStatus.CHANGED, c.summary(), diffOf(c), ms, false);
                } else if (status == Step.NOT_NEEDED) {
                    finish(u, TaskStatus.OK, "nothing needed at apply time", null, ms, false);
                } else {
                    String msg = "exit status " + status + lastLines(pr);
                    finish(u, TaskStatus.FAILED, "failed (exit status " + status + ")" + lastLine(pr), null, ms, false);
                    hostFailed(u.roleName(), u.name(), msg, false);
                    return;
                }
                next[0] = i + 1;
                reportPlannedFrom(items, next);
            }

            @Override public void started(long pid, long processGroup) {
                remote = new long[] {pid, processGroup};
                // Ctrl-C may have come while the script was on its way.
                if (runner.interrupted()) stopRemote();
            }

            @Override public void output(String line, boolean stderr) {
                if (running[0] != null) keep(running[0], line);
                show(line, stderr);
            }
        });
        String script = Scripts.applyScript(nonce, steps, tailProbes, known);
        CommandResult r;
        try {
            r = exec(RemoteCommand.script(script).withTimeout(APPLY_TIMEOUT).onLine(stream));
        } catch (SshException e) {
            remote = null;
            Unit u = current != null ? current : firstNotBegun(items, progress);
            current = null;
            if (runner.interrupted()) {
                if (u != null && isBegun(items, progress, u)) finish(u, TaskStatus.INTERRUPTED, "interrupted", null, elapsed(items, progress, u), false);
                stop();
            } else {
                if (u != null) finish(u, statusFor(e), e.getMessage(), null, elapsed(items, progress, u), false);
                transportFailure(u == null ? null : u.roleName(), u == null ? "applying" : u.name(), e);
            }
            return false;
        }
        remote = null;
        if (!stream.received()) stream.replay(r.stdout());
        if (failed) return false;
        Unit open = current;
        current = null;
        if (open != null) {
            // The script stopped inside a step: killed by Ctrl-C, or the shell itself died.
            long ms = elapsed(items, progress, open);
            if (runner.interrupted()) {
                finish(open, TaskStatus.INTERRUPTED, "interrupted", null, ms, false);
                stop();
            } else {
                String msg = "the step ended without a status (exit " + r.exitStatus() + ")" + tailOf(r.stderr());
                finish(open, TaskStatus.FAILED, msg, null, ms, false);
                hostFailed(open.roleName(), open.name(), msg, false);
            }
            return false;
        }
        if (runner.interrupted()) {
            stop();
            return false;
        }
        Unit missing = firstNotBegun(items, progress);
        if (missing != null) {
            String msg = "the apply script stopped before this task (exit " + r.exitStatus() + ")" + tailOf(r.stderr());
            finish(missing, TaskStatus.FAILED, msg, null, 0, false);
            hostFailed(missing.roleName(), missing.name(), msg, false);
            return false;
        }
        String out = r.stdout() != null && Scripts.complete(nonce, r.stdout()) ? r.stdout() : stream.tailText();
        if (!Scripts.complete(nonce, out)) {
            hostFailed(null, "reading facts after the changes",
                    "the probes after the apply did not finish (exit " + r.exitStatus() + ")" + tailOf(r.stderr()), false);
            return false;
        }
        synchronized (this) {
            facts.putAll(Scripts.parseFacts(nonce, out, tailProbes, known));
        }
        rememberFacts();
        return true;
    }

    /** Reports planned-only items from {@code next[0]} up to the next change. */
    private void reportPlannedFrom(List<Item> items, int[] next) {
        while (next[0] < items.size() && !(items.get(next[0]).plan() instanceof Plan.Change)) {
            Item it = items.get(next[0]++);
            Unit u = it.unit();
            if (u.resumedDone()) {
                finish(u, TaskStatus.SKIPPED, "done by the resumed run", null, 0, true);
            } else if (it.plan() instanceof Plan.Ok ok) {
                finish(u, TaskStatus.OK, ok.detail(), null, 0, false);
            } else if (it.plan() instanceof Plan.Skip skip) {
                finish(u, TaskStatus.SKIPPED, skip.reason(), null, 0, false);
            }
        }
    }

    /** Sends the steps' large files before the script that uses them. */
    private boolean upload(List<Item> items) {
        for (Item it : items) {
            if (!(it.plan() instanceof Plan.Change c)) continue;
            for (Step.Upload up : c.step().uploads()) {
                Unit u = it.unit();
                if (runner.interrupted()) {
                    stop();
                    return false;
                }
                try (InputStream in = Files.newInputStream(up.localFile())) {
                    synchronized (this) {
                        roundTrips++;
                    }
                    session.upload(in, up.remotePath(), 0600, null, null);
                } catch (IOException e) {
                    String msg = "cannot send " + up.localFile() + ": " + e.getMessage();
                    finish(u, TaskStatus.FAILED, msg, null, 0, false);
                    hostFailed(u.roleName(), u.name(), msg, false);
                    return false;
                } catch (SshException e) {
                    if (runner.interrupted()) {
                        stop();
                        return false;
                    }
                    finish(u, statusFor(e), e.getMessage(), null, 0, false);
                    transportFailure(u.roleName(), u.name(), e);
                    return false;
                }
            }
        }
        return true;
    }

    private static Unit firstNotBegun(List<Item> items, Map<Integer, Progress> progress) {
        for (int i = 0; i < items.size(); i++) {
            Progress p = progress.get(i);
            if (p != null && !p.begun) return items.get(i).unit();
        }
        return null;
    }

    private static boolean isBegun(List<Item> items, Map<Integer, Progress> progress, Unit u) {
        for (Map.Entry<Integer, Progress> e : progress.entrySet()) if (items.get(e.getKey()).unit() == u) return e.getValue().begun;
        return false;
    }

    private static long elapsed(List<Item> items, Map<Integer, Progress> progress, Unit u) {
        for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
            if (items.get(e.getKey()).unit() == u && e.getValue().begun) return (System.nanoTime() - e.getValue().startNanos) / 1_000_000;
        }
        return 0;
    }

    private static void keep(Progress p, String line) {
        p.lines.addLast(line);
        if (p.lines.size() > KEPT_LINES) p.lines.removeFirst();
    }

    private static String lastLines(Progress p) { return p.lines.isEmpty() ? "" : "\n" + String.join("\n", p.lines); }

    private static String lastLine(Progress p) {
        for (var it = p.lines.descendingIterator(); it.hasNext(); ) {
            String l = it.next();
            if (!l.isBlank()) return ": " + l.strip();
        }
        return "";
    }

    private static String tailOf(String stderr) {
        if (stderr == null || stderr.isBlank()) return "";
        List<String> ls = stderr.strip().lines().toList();
        return "\n" + String.join("\n", ls.subList(Math.max(0, ls.size() - KEPT_LINES), ls.size()));
    }

    private String diffOf(Plan.Change c) { return runner.options().diff() ? c.diff() : null; }

    private CommandResult exec(RemoteCommand c) throws SshException {
        synchronized (this) {
            roundTrips++;
        }
        return session.exec(c);
    }

    // ---- results ----------------------------------------------------------------------------

    /** Emits a task result once, counts it, and records notified handlers. */
    void finish(Unit u, TaskStatus s, String summary, String diff, long ms, boolean resumed) {
        synchronized (this) {
            if (!finished.add(u.index())) return;
            recap = recap.plus(s);
            if (s == TaskStatus.CHANGED || s == TaskStatus.UNKNOWN) changedEarlier = true;
        }
        runner.emit(new Event.TaskFinished(name(), u.id(), u.roleName(), u.name(), u.handler(), s, summary, diff, ms, resumed));
        if (u.handler()) {
            if (s.done() && !runner.options().check()) runner.pending().remove(name(), u.roleName(), u.handlerName());
            return;
        }
        if (s == TaskStatus.CHANGED || s == TaskStatus.UNKNOWN) notifyHandlers(u);
    }

    private void notifyHandlers(Unit u) {
        for (String h : u.task().spec().notifies()) {
            if (!u.role().handlers().containsKey(h)) {
                runner.emit(new Event.Notice(name(), u.task().spec().label() + " notifies '" + h + "', which role " + u.roleName() + " does not define"));
                continue;
            }
            boolean first;
            synchronized (this) {
                first = notified.computeIfAbsent(u.phase().siteIndex(), k -> new LinkedHashSet<>()).add(h);
            }
            // Saved before anything else happens, so a failure from here on still runs it next time.
            if (!runner.options().check()) runner.pending().add(name(), u.roleName(), h);
            if (first) runner.emit(new Event.HandlerNotified(name(), u.roleName(), h, u.name()));
        }
    }

    /**
     * Ctrl-C: ends the running apply script and every process it started, through a command on
     * another channel of the same session (thread interrupts and closed channels do not reach a
     * remote process that is not writing). Runs on its own thread; the apply then ends by itself.
     */
    void stopRemote() {
        long[] r = remote;
        if (r == null || session == null) return;
        remote = null;
        Thread t = new Thread(() -> {
            try {
                synchronized (this) {
                    roundTrips++;
                }
                session.exec(RemoteCommand.script(Scripts.killScript(r[0], r[1])).withTimeout(Duration.ofSeconds(15)));
            } catch (SshException | RuntimeException e) {
                // The session may be gone already; closing it (the runner's next resort) ends the channel.
            }
        }, "deploy-stop-" + name());
        t.setDaemon(true);
        t.start();
    }

    /** Called by the runner when it gives up waiting for this host after Ctrl-C. */
    void abandon() {
        Unit u = current;
        if (u != null) finish(u, TaskStatus.INTERRUPTED, "interrupted", null, 0, false);
        stop();
    }

    private void stop() { stopped = true; }

    private static TaskStatus statusFor(SshException e) {
        return unreachableCause(e) ? TaskStatus.UNREACHABLE : TaskStatus.FAILED;
    }

    /** A timeout or a failed transfer is the task's failure; any other transport failure means the host is gone. */
    private static boolean unreachableCause(SshException e) {
        return e.kind() != SshException.Cause.TIMEOUT_COMMAND && e.kind() != SshException.Cause.TRANSFER_FAILED;
    }

    private void transportFailure(String role, String task, SshException e) {
        String msg = e.getMessage() + (e.fix() == null || e.fix().isEmpty() ? "" : "; " + e.fix());
        hostFailed(role, task, msg, unreachableCause(e));
    }

    void hostFailed(String role, String task, String message, boolean lost) {
        synchronized (this) {
            if (stopped && (failed || unreachable)) return;
            stopped = true;
            if (lost) {
                unreachable = true;
                recap = recap.unreachableHost();
            } else {
                failed = true;
            }
        }
        runner.emit(new Event.HostFailed(name(), role, task, message, lost));
    }
}
