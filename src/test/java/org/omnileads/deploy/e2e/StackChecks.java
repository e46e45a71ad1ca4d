package org.omnileads.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.ssh.Shell;
import org.omnileads.deploy.testhosts.TestHost;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The protocol checks of docs/roles-omnileads.md as a test helper: each one uses a real client
 * on the host the traffic has to come from ({@link TestHost#execInside}, never the deployer's
 * SSH), or a UDP socket on the workstation for SIP. {@link #all()} runs every check that
 * applies to the layout and fails once, listing every failed check with its host and output;
 * each check can also be called alone.
 *
 * <p>Secrets reach the clients through files copied into the container (mode 0600, removed
 * afterwards) and shell built-ins or environment variables, never an argument list; every
 * output quoted in a failure is masked with the inventory's secrets.
 */
public final class StackChecks {
    /** Units each component must have enabled and active ({@code unit} or {@code enabled-unit:active-unit}). */
    private static final Map<Component, List<String>> UNITS = Map.of(
            Component.OMNIAPP, List.of("nginx", "omnileads", "redis-server"),
            Component.KAMAILIO, List.of("kamailio", "rtpengine-daemon", "redis-server"),
            Component.ASTERISK, List.of("asterisk"),
            // Debian enables postgresql.service; the cluster's own unit is pulled in by a generator.
            Component.DATABASE, List.of("postgresql:postgresql@15-main"),
            Component.DIALER, List.of("mariadb", "tomcat10"));
    private static final String SECRET_DIR = "/run/oml-check";

    /** A check's outcome in {@link #all()}. */
    public record Report(List<String> passed, List<String> skipped) {}

    private record Check(String name, BooleanSupplier applies, String whyNot, Runnable body) {}

    private final Inventory inv;
    private final Map<Host, TestHost> hosts = new LinkedHashMap<>();
    private final Map<String, Object> asteriskDefaults;
    private final Redactor redactor = new Redactor();
    private final Map<String, Check> checks = new LinkedHashMap<>();

    /**
     * @param inv   the inventory that was deployed
     * @param hosts the test hosts behind it, matched to inventory hosts by address
     */
    public StackChecks(Inventory inv, List<TestHost> hosts) {
        this.inv = inv;
        for (Host h : inv.hosts()) {
            TestHost th = hosts.stream().filter(t -> t.address().equals(h.address())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test host has the address of " + h.label()));
            this.hosts.put(h, th);
        }
        redactor.addAll(inv.secretValues());
        try {
            Roles roles = RoleLoader.bundled();
            asteriskDefaults = roles.defaults("asterisk");
        } catch (RoleException e) {
            throw new IllegalStateException("the bundled roles do not load: " + e.problems(), e);
        }
        register("https", this::httpsBody);
        register("http-redirect", this::httpRedirect);
        register("static-files", this::staticFiles);
        register("postgres-granted", this::postgresGranted);
        register("postgres-refused", () -> !grantedPostgres().contains(host(Component.DIALER)),
                "the dialer shares a host granted by pg_hba.conf", this::postgresRefused);
        register("migration-table", this::migrationTable);
        register("ami-accepted", this::amiAccepted);
        register("ami-refused", () -> !amiPermitted().contains(host(Component.KAMAILIO)),
                "the Kamailio host is also a host AMI permits", this::amiRefused);
        register("sip-options", this::sipOptions);
        register("sip-reaches-asterisk", this::sipReachesAsterisk);
        register("rtpengine-ping", this::rtpenginePing);
        register("redis", this::redis);
        register("mariadb-root", this::mariadbRoot);
        register("mariadb-no-anonymous", this::mariadbNoAnonymous);
        register("dialer-web", this::dialerWeb);
        register("services", this::services);
    }

    private void register(String name, Runnable body) { register(name, () -> true, "", body); }

    private void register(String name, BooleanSupplier applies, String whyNot, Runnable body) {
        checks.put(name, new Check(name, applies, whyNot, body));
    }

    /** The names of every check, in the order {@link #all()} runs them. */
    public List<String> names() { return List.copyOf(checks.keySet()); }

    /**
     * Runs every check that applies to this layout; throws one AssertionError naming each
     * failed check (host and output included) after trying them all.
     */
    public Report all() {
        List<String> passed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Check c : checks.values()) {
            try {
                if (!c.applies().getAsBoolean()) {
                    skipped.add(c.name() + " (" + c.whyNot() + ")");
                    continue;
                }
                c.body().run();
                passed.add(c.name());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            } catch (RuntimeException e) {
                failures.add("[" + c.name() + "] could not run: " + redactor.redact(String.valueOf(e)));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + (passed.size() + failures.size()) + " stack checks failed:\n\n"
                    + String.join("\n\n", failures));
        }
        return new Report(passed, skipped);
    }

    /** Runs one check by name; aborts the test (skipped, not failed) when it does not apply to this layout. */
    public void run(String name) {
        Check c = checks.get(name);
        if (c == null) throw new IllegalArgumentException("no check " + name + "; checks are " + names());
        Assumptions.assumeTrue(c.applies().getAsBoolean(), () -> name + " does not apply: " + c.whyNot());
        c.body().run();
    }

    // ---- web app ---------------------------------------------------------------------------

    /** HTTPS on the app host through nginx and uWSGI: 200, verified against the inventory's CA; returns the body. */
    public String httpsBody() {
        String body = https("/", "https");
        expect(body.contains("OMniLeads"), "https", client(), "a page of the OMniLeads release", body);
        return body;
    }

    /** Port 80 answers with a redirect to HTTPS on external_port. */
    public void httpRedirect() {
        Host app = host(Component.OMNIAPP);
        String url = "http://" + app.address() + "/x";
        Exec r = sh(client(), "curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 10 " + Shell.quote(url));
        String want = "301 https://" + app.address() + ":" + inv.variables().get("external_port") + "/x";
        expect(r.out().trim().equals(want), "http-redirect", client(), "`" + want + "` for " + url, r);
    }

    /** nginx serves /static (Django admin's files, which every release collects). */
    public void staticFiles() { https("/static/admin/css/base.css", "static-files"); }

    private String https(String path, String check) {
        Host app = host(Component.OMNIAPP);
        String port = inv.variables().get("external_port");
        String url = "https://" + app.name() + ":" + port + path;
        Exec r = sh(client(), "curl -sS --max-time 20 --cacert /etc/omnileads/tls/ca.crt --resolve "
                + Shell.quote(app.name() + ":" + port + ":" + app.address()) + " -w '\\n%{http_code}' " + Shell.quote(url));
        String out = r.out();
        int nl = out.lastIndexOf('\n');
        String code = nl < 0 ? out.trim() : out.substring(nl + 1).trim();
        expect(r.exit() == 0 && code.equals("200"), check, client(), "200 for " + url + " (CA /etc/omnileads/tls/ca.crt)", r);
        return nl < 0 ? "" : out.substring(0, nl);
    }

    // ---- PostgreSQL -------------------------------------------------------------------------

    /** postgres_user logs in with postgres_password from the app host and reads the stand-in's table. */
    public void postgresGranted() {
        TestHost app = test(host(Component.OMNIAPP));
        String pgpass = "*:*:*:" + pgEscape(var("postgres_user")) + ":" + pgEscape(var("postgres_password")) + "\n";
        Exec r = withSecrets(app, Map.of("pgpass", pgpass), "PGPASSFILE=" + SECRET_DIR + "/pgpass psql -X -w -h "
                + Shell.quote(ip(Component.DATABASE)) + " -U " + Shell.quote(var("postgres_user")) + " -d "
                + Shell.quote(var("postgres_database")) + " -tAc 'select count(*) from calls_campaign'");
        expect(r.exit() == 0 && r.out().trim().matches("\\d+"), "postgres-granted", app,
                "a row count from calls_campaign on " + ip(Component.DATABASE), r);
    }

    /**
     * The same role from the dialer host is refused by pg_hba.conf. The dialer host has no
     * PostgreSQL client, so this speaks the protocol's startup message from bash: the server
     * answers it with the pg_hba verdict before any password is asked.
     */
    public void postgresRefused() {
        TestHost dialer = test(host(Component.DIALER));
        String u = var("postgres_user");
        String d = var("postgres_database");
        int len = 4 + 4 + "user".length() + 1 + u.length() + 1 + "database".length() + 1 + d.length() + 1 + 1;
        String script = "exec 3<>/dev/tcp/" + ip(Component.DATABASE) + "/5432 || exit 1\n"
                + "printf '\\x" + hex(len >> 24) + "\\x" + hex(len >> 16) + "\\x" + hex(len >> 8) + "\\x" + hex(len)
                + "\\x00\\x03\\x00\\x00user\\x00%s\\x00database\\x00%s\\x00\\x00' " + Shell.quote(u) + " " + Shell.quote(d) + " >&3\n"
                + "timeout 5 cat <&3 | tr -c '[:print:]' ' '";
        Exec r = sh(dialer, script);
        expect(r.out().contains("no pg_hba.conf entry for host \"" + dialer.address() + "\""), "postgres-refused", dialer,
                "FATAL no pg_hba.conf entry for host \"" + dialer.address() + "\" from " + ip(Component.DATABASE), r);
    }

    /** The stand-in release's migration created its table in the database. */
    public void migrationTable() {
        TestHost db = test(host(Component.DATABASE));
        Exec r = sh(db, "runuser -u postgres -- psql -X -d " + Shell.quote(var("postgres_database"))
                + " -tAc \"select to_regclass('public.calls_campaign')\"");
        expect(r.out().trim().equals("calls_campaign"), "migration-table", db, "table calls_campaign", r);
    }

    // ---- Asterisk Manager Interface ----------------------------------------------------------

    /** An AMI login with ami_user from the app host is accepted. */
    public void amiAccepted() {
        TestHost app = test(host(Component.OMNIAPP));
        Exec r = amiLogin(app);
        expect(r.out().contains("Response: Success"), "ami-accepted", app, "Response: Success from " + amiAddress(), r);
    }

    /** The same login from the Kamailio host is refused. */
    public void amiRefused() {
        TestHost kam = test(host(Component.KAMAILIO));
        Exec r = amiLogin(kam);
        expect(r.out().contains("Response: Error") && !r.out().contains("Response: Success"), "ami-refused", kam,
                "Response: Error from " + amiAddress(), r);
    }

    private String amiAddress() { return ip(Component.ASTERISK) + ":" + asteriskDefaults.get("asterisk_ami_port"); }

    private Exec amiLogin(TestHost from) {
        String[] hp = amiAddress().split(":");
        // printf and read are bash built-ins: the secret never reaches an argument list.
        String script = "read -r u < " + SECRET_DIR + "/user; read -r p < " + SECRET_DIR + "/secret\n"
                + "exec 3<>/dev/tcp/" + hp[0] + "/" + hp[1] + " || exit 1\n"
                + "printf 'Action: Login\\r\\nUsername: %s\\r\\nSecret: %s\\r\\n\\r\\nAction: Logoff\\r\\n\\r\\n' \"$u\" \"$p\" >&3\n"
                + "timeout 5 cat <&3";
        return withSecrets(from, Map.of("user", var("ami_user") + "\n", "secret", var("ami_password") + "\n"), script);
    }

    // ---- SIP -------------------------------------------------------------------------------

    /** An OPTIONS to Kamailio's 5060/UDP is answered by Kamailio itself. */
    public void sipOptions() {
        String kam = ip(Component.KAMAILIO);
        String answer = sip(kam, "sip:" + kam + ":5060");
        expect(answer.startsWith("SIP/2.0 200") && answer.contains("Server: OMniLeads Kamailio"), "sip-options",
                "the workstation (UDP)", "200 OK from OMniLeads Kamailio at " + kam + ":5060", answer);
    }

    /** An OPTIONS for the test extension, sent to Kamailio, is forwarded to Asterisk and answered by it. */
    public void sipReachesAsterisk() {
        String kam = ip(Component.KAMAILIO);
        String ext = String.valueOf(asteriskDefaults.get("asterisk_test_extension"));
        String answer = sip(kam, "sip:" + ext + "@" + kam + ":5060");
        expect(answer.startsWith("SIP/2.0 200") && answer.contains("Server: OMniLeads Asterisk"), "sip-reaches-asterisk",
                "the workstation (UDP)", "200 OK from OMniLeads Asterisk for extension " + ext + " sent to Kamailio " + kam, answer);
    }

    private static String sip(String host, String uri) {
        try {
            return SipProbe.options(host, 5060, uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Kamailio host ---------------------------------------------------------------------

    /** rtpengine answers the ng protocol's ping on its control socket 127.0.0.1:22222. */
    public void rtpenginePing() {
        TestHost kam = test(host(Component.KAMAILIO));
        Exec r = sh(kam, "exec 3<>/dev/udp/127.0.0.1/22222 || exit 1; printf 'c1 d7:command4:pinge' >&3; timeout 3 dd bs=200 count=1 status=none <&3");
        expect(r.out().contains("d6:result4:ponge"), "rtpengine-ping", kam, "c1 d6:result4:ponge", r);
    }

    /** Redis answers on the Kamailio host (and on the app host, which runs its own). */
    public void redis() {
        for (Component c : List.of(Component.KAMAILIO, Component.OMNIAPP)) {
            TestHost h = test(host(c));
            Exec r = sh(h, "redis-cli -h 127.0.0.1 ping");
            expect(r.out().trim().equals("PONG"), "redis", h, "PONG", r);
        }
    }

    // ---- dialer host -----------------------------------------------------------------------

    /** MariaDB's root logs in with mysql_root_password as a non-root OS user (a password login, not unix_socket). */
    public void mariadbRoot() {
        TestHost d = test(host(Component.DIALER));
        Exec r = withSecrets(d, Map.of("mysql", var("mysql_root_password") + "\n"),
                "read -r MYSQL_PWD < " + SECRET_DIR + "/mysql; export MYSQL_PWD; runuser -u nobody -- mariadb -uroot -N -e 'select 40+2'");
        expect(r.exit() == 0 && r.out().trim().equals("42"), "mariadb-root", d, "42 from `select 40+2` as root with the password", r);
    }

    /** No anonymous MariaDB user is left. */
    public void mariadbNoAnonymous() {
        TestHost d = test(host(Component.DIALER));
        Exec r = sh(d, "mariadb -N -e \"select count(*) from mysql.user where user=''\"");
        expect(r.exit() == 0 && r.out().trim().equals("0"), "mariadb-no-anonymous", d, "0 anonymous users", r);
    }

    /** The dialer's web application answers on Tomcat's 8080. */
    public void dialerWeb() {
        String url = "http://" + ip(Component.DIALER) + ":8080/wombat/";
        Exec r = sh(client(), "curl -sS -o /dev/null -w '%{http_code}' --max-time 20 " + Shell.quote(url));
        expect(r.out().trim().equals("200"), "dialer-web", client(), "200 for " + url, r);
    }

    // ---- services --------------------------------------------------------------------------

    /** Every unit each host's components need is enabled and active. */
    public void services() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Host, TestHost> e : hosts.entrySet()) {
            String state = unitStates(e.getKey(), e.getValue());
            if (!state.isEmpty()) problems.add(state);
        }
        if (!problems.isEmpty()) throw new AssertionError("[services] " + String.join("\n", problems));
    }

    /** Waits (up to {@code limit}) until every expected unit is active, e.g. after the hosts restarted; then {@link #services()}. */
    public void awaitServices(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            boolean settled = hosts.entrySet().stream().allMatch(e -> unitStates(e.getKey(), e.getValue()).isEmpty());
            if (settled) break;
            sleep(2000);
        }
        services();
    }

    /** The expected units of one host that are not enabled and active, said with their states; empty when all are. */
    private String unitStates(Host host, TestHost th) {
        Set<String> enabled = new LinkedHashSet<>();
        Set<String> active = new LinkedHashSet<>();
        for (Component c : inv.componentsOf(host)) {
            for (String u : UNITS.get(c)) {
                String[] parts = u.split(":");
                enabled.add(parts[0]);
                active.add(parts[parts.length - 1]);
            }
        }
        List<String> bad = new ArrayList<>();
        for (String u : enabled) {
            String s = th.execInside("systemctl", "is-enabled", u).getStdout().trim();
            if (!s.equals("enabled")) bad.add(u + " is-enabled=" + s);
        }
        for (String u : active) {
            String s = th.execInside("systemctl", "is-active", u).getStdout().trim();
            if (!s.equals("active")) bad.add(u + " is-active=" + s);
        }
        return bad.isEmpty() ? "" : "on " + host.label() + ": " + String.join(", ", bad);
    }

    // ---- plumbing --------------------------------------------------------------------------

    /** What a command in a host printed. */
    record Exec(int exit, String out, String err) {}

    private Exec sh(TestHost h, String script) {
        ExecResult r = h.execInside("bash", "-c", script);
        return new Exec(r.getExitCode(), r.getStdout(), r.getStderr());
    }

    /** Copies each secret file into {@value #SECRET_DIR} on the host (0600), runs the script, removes them whatever happens. */
    private Exec withSecrets(TestHost h, Map<String, String> files, String script) {
        h.execInside("install", "-d", "-m", "0700", SECRET_DIR);
        try {
            files.forEach((name, content) -> h.copyInside(content, 0600, SECRET_DIR + "/" + name));
            return sh(h, script);
        } finally {
            h.execInside("rm", "-rf", SECRET_DIR);
        }
    }

    private void expect(boolean ok, String check, TestHost where, String wanted, Exec r) {
        if (ok) return;
        throw new AssertionError(redactor.redact("[" + check + "] on " + where + ": expected " + wanted
                + "\n  exit " + r.exit() + "\n  stdout: " + indent(r.out()) + "\n  stderr: " + indent(r.err())));
    }

    private void expect(boolean ok, String check, Object where, String wanted, String output) {
        if (ok) return;
        throw new AssertionError(redactor.redact("[" + check + "] on " + where + ": expected " + wanted + "\n  got: " + indent(output)));
    }

    private static String indent(String s) {
        String t = s == null ? "" : s.strip();
        if (t.length() > 2000) t = t.substring(0, 2000) + " ...";
        return t.replace("\n", "\n          ");
    }

    /** The host a client request comes from: another host than the app host when there is one, so traffic crosses the network. */
    private TestHost client() {
        Host app = host(Component.OMNIAPP);
        return hosts.entrySet().stream().filter(e -> !e.getKey().equals(app)).map(Map.Entry::getValue)
                .findFirst().orElse(test(app));
    }

    private Set<Host> grantedPostgres() {
        // copyOf: in the smaller layouts these are the same host more than once.
        return Set.copyOf(List.of(host(Component.OMNIAPP), host(Component.ASTERISK), host(Component.KAMAILIO)));
    }

    private Set<Host> amiPermitted() { return Set.copyOf(List.of(host(Component.OMNIAPP), host(Component.DIALER))); }

    private Host host(Component c) { return inv.wiring().host(c); }

    private String ip(Component c) { return inv.wiring().ip(c); }

    private TestHost test(Host h) { return hosts.get(h); }

    private String var(String name) {
        String v = inv.variables().get(name);
        if (v == null) throw new IllegalStateException("the inventory has no " + name);
        return v;
    }

    /** A .pgpass field: backslash and colon escaped. */
    private static String pgEscape(String s) { return s.replace("\\", "\\\\").replace(":", "\\:"); }

    private static String hex(int b) { return String.format("%02x", b & 0xff); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
