package org.omnileads.deploy.tasks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.ConnectOptions;
import org.omnileads.deploy.ssh.Connector;
import org.omnileads.deploy.ssh.Credentials;
import org.omnileads.deploy.ssh.HostKeyPolicy;
import org.omnileads.deploy.ssh.HostSession;
import org.omnileads.deploy.ssh.KnownHosts;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.testhosts.TestHost;
import org.slf4j.LoggerFactory;

/**
 * A tiny runner for host tests of task kinds, shaped like the real one: one round trip with every
 * probe, planning, then one round trip with the steps of the changed tasks in order, stopping at
 * the first failure. Each probe and step runs in a subshell with no standard input.
 */
final class TaskHarness implements AutoCloseable {
    /** What happened to one task. */
    enum Status { OK, SKIPPED, CHANGED, NOT_NEEDED, FAILED, NOT_RUN }

    record Outcome(Task task, Plan plan, Status status, String output) {
        boolean changed() { return status == Status.CHANGED; }
    }

    private final Connector connector;
    private final RemoteHost remote;
    private final Path knownHosts;

    private TaskHarness(Connector connector, RemoteHost remote, Path knownHosts) {
        this.connector = connector;
        this.remote = remote;
        this.knownHosts = knownHosts;
    }

    /** Logs in as root with the host's password, accepting its new host key into a temporary known_hosts. */
    static TaskHarness connect(TestHost h) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path kh = Files.createTempFile("oml-known-hosts", "");
        Credentials cred = Credentials.passwordsOnly((host, attempt, why) -> h.rootPassword(), new Redactor());
        Connector c = new Connector(ConnectOptions.of(HostKeyPolicy.acceptNew(new KnownHosts(kh)), cred));
        HostSession s = c.connect(h.asInventoryHost());
        return new TaskHarness(c, s, kh);
    }

    RemoteHost remote() { return remote; }

    /** A script with a timeout short enough that a hung step fails the test instead of stalling it. */
    private static RemoteCommand script(String text) {
        return RemoteCommand.script(text).withTimeout(java.time.Duration.ofMinutes(4));
    }

    /** Probes and plans only (check mode). */
    List<Plan> check(List<Task> tasks) throws SshException {
        List<String> facts = probe(tasks);
        List<Plan> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) out.add(tasks.get(i).plan(facts.get(i)));
        return out;
    }

    List<String> probe(List<Task> tasks) throws SshException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++) {
            s.append("printf '\\n@@T F ").append(i).append("\\n'\n");
            String p = tasks.get(i).probe();
            // No facts needed: an empty section (an empty subshell would be a syntax error), as the runner does.
            if (p.isBlank()) continue;
            s.append("(\n").append(p).append(p.endsWith("\n") ? "" : "\n").append(") </dev/null 2>/dev/null\n");
        }
        s.append("printf '\\n@@T Z\\n'\n");
        var r = remote.exec(script(s.toString()));
        String out = r.stdout();
        List<String> facts = new ArrayList<>();
        Matcher m = Pattern.compile("\n@@T (?:F (\\d+)|Z)\n").matcher(out);
        int from = -1;
        while (m.find()) {
            if (from >= 0) facts.add(out.substring(from, m.start()));
            from = m.end();
        }
        if (facts.size() != tasks.size()) throw new IllegalStateException("probe output incomplete: " + out + r.stderr());
        return facts;
    }

    /** Probe, plan, apply: the outcome of each task, in order. */
    List<Outcome> run(List<Task> tasks) throws SshException {
        List<Plan> plans = check(tasks);
        StringBuilder s = new StringBuilder();
        List<Integer> changing = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (!(plans.get(i) instanceof Plan.Change c)) continue;
            changing.add(i);
            s.append("printf '\\n@@T B ").append(i).append("\\n'\n");
            String st = c.step().script();
            s.append("(\n").append(st).append(st.endsWith("\n") ? "" : "\n").append(") </dev/null 2>&1\n");
            s.append("oml_rc=$?\nprintf '\\n@@T E ").append(i).append(" %s\\n' \"$oml_rc\"\n");
            s.append("case $oml_rc in 0|99) ;; *) exit \"$oml_rc\" ;; esac\n");
        }
        Map<Integer, String[]> ran = new java.util.HashMap<>();
        if (!changing.isEmpty()) {
            var r = remote.exec(script(s.toString()));
            Matcher m = Pattern.compile("\n@@T B (\\d+)\n(.*?)\n@@T E \\d+ (\\d+)\n", Pattern.DOTALL).matcher(r.stdout());
            while (m.find()) ran.put(Integer.valueOf(m.group(1)), new String[] {m.group(3), m.group(2)});
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Plan p = plans.get(i);
            Status st;
            String text = "";
            if (p instanceof Plan.Ok) {
                st = Status.OK;
            } else if (p instanceof Plan.Skip) {
                st = Status.SKIPPED;
            } else if (ran.containsKey(i)) {
                int rc = Integer.parseInt(ran.get(i)[0]);
                text = ran.get(i)[1];
                st = rc == 0 ? Status.CHANGED : rc == Step.NOT_NEEDED ? Status.NOT_NEEDED : Status.FAILED;
            } else {
                st = Status.NOT_RUN;
            }
            out.add(new Outcome(tasks.get(i), p, st, text));
        }
        return out;
    }

    /** Runs one step now, as the apply script would: its exit status and output. */
    org.omnileads.deploy.ssh.CommandResult apply(Plan.Change c) throws SshException {
        String st = c.step().script();
        return remote.exec(script("(\n" + st + (st.endsWith("\n") ? "" : "\n") + ") </dev/null 2>&1\n"));
    }

    /** Runs a shell command over SSH (for checks that must see what the deployer sees). */
    String sh(String script) throws SshException { return remote.exec(script(script)).stdout(); }

    @Override
    public void close() throws Exception {
        remote.close();
        connector.close();
        Files.deleteIfExists(knownHosts);
    }
}
