package org.omnileads.deploy.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.ConnectOptions;
import org.omnileads.deploy.ssh.Connector;
import org.omnileads.deploy.ssh.Credentials;
import org.omnileads.deploy.ssh.HostKeyPolicy;
import org.omnileads.deploy.ssh.KnownHosts;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.testhosts.TestHost;
import org.slf4j.LoggerFactory;

/** Real sessions to test hosts (password login, new host keys accepted into a temporary known_hosts) and a way to run the runner on them. */
final class HostRunFixture implements AutoCloseable {
    /** What one run produced: its result, every event a subscriber saw, and the --json output. */
    record Outcome(RunResult result, List<Event> events, String json, String console) {
        Recap recap(String host) { return result.recap().get(host); }

        int exit() { return result.exitCode(); }

        /** "role: task status" per finished task of {@code host}, in order. */
        List<String> results(String host) {
            List<String> out = new ArrayList<>();
            for (Event e : events) {
                if (e instanceof Event.TaskFinished t && t.host().equals(host)) {
                    out.add((t.handler() ? "handler " : "") + t.role() + ": " + t.task() + " " + t.status().word() + (t.resumed() ? " (resumed)" : ""));
                }
            }
            return out;
        }
    }

    final List<TestHost> hosts;
    final Redactor redactor = new Redactor();
    private final Connector connector;
    final Map<Host, RemoteHost> sessions;

    private HostRunFixture(List<TestHost> hosts, Connector connector, Map<Host, RemoteHost> sessions) {
        this.hosts = hosts;
        this.connector = connector;
        this.sessions = sessions;
    }

    static HostRunFixture connect(List<TestHost> hosts, Path knownHosts) throws Exception {
        // MINA logs at DEBUG by default, which floods the test output.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Redactor r = new Redactor();
        for (TestHost h : hosts) r.add(h.rootPassword());
        Credentials cred = Credentials.passwordsOnly((host, attempt, why) -> hosts.stream()
                .filter(t -> t.name().equals(host.name())).findFirst().orElseThrow().rootPassword(), r);
        Connector c = new Connector(ConnectOptions.of(HostKeyPolicy.acceptNew(new KnownHosts(knownHosts)), cred)
                .withConnectTimeout(Duration.ofSeconds(10)));
        Map<Host, RemoteHost> sessions = c.connectAll(hosts.stream().map(TestHost::asInventoryHost).toList()).requireAll();
        HostRunFixture f = new HostRunFixture(hosts, c, sessions);
        for (TestHost h : hosts) f.redactor.add(h.rootPassword());
        return f;
    }

    /** Every component on the first host; the others run the {@code all} phases. */
    Inventory inventory(Map<String, String> vars) {
        return Inventories.allOn(hosts.stream().map(TestHost::asInventoryHost).toList(), vars);
    }

    Outcome run(Roles roles, Inventory inv, RunOptions opts) throws ResumeException {
        return run(roles, inv, opts, sessions, (runner, e) -> { });
    }

    /** Runs once; {@code watcher} sees every event with the runner (to interrupt it, say). */
    Outcome run(Roles roles, Inventory inv, RunOptions opts, Map<Host, RemoteHost> with, BiConsumer<Runner, Event> watcher) throws ResumeException {
        EventBus bus = new EventBus(redactor);
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        bus.subscribe(events::add);
        bus.subscribe(new JsonEvents(new PrintStream(json, true, StandardCharsets.UTF_8)));
        bus.subscribe(new org.omnileads.deploy.cli.ConsoleView(new PrintStream(console, true, StandardCharsets.UTF_8), false, false,
                java.time.Clock.systemDefaultZone()));
        Runner runner = new Runner(roles, inv, with, opts, bus);
        bus.subscribe(e -> watcher.accept(runner, e));
        RunResult r = runner.run();
        bus.close();
        return new Outcome(r, List.copyOf(events), json.toString(StandardCharsets.UTF_8), console.toString(StandardCharsets.UTF_8));
    }

    /** A second, separate session to {@code h} (one test closes it to make the host unreachable). */
    RemoteHost extraSession(TestHost h) throws Exception { return connector.connect(h.asInventoryHost()); }

    @Override
    public void close() {
        sessions.values().forEach(RemoteHost::close);
        connector.close();
    }
}
