package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** postgres_role, postgres_database and postgres_extension against PostgreSQL 15 installed on a real host. */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresKindsOnHostTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "pg");

    static TaskHarness run;
    static TestHost host;

    /** Roles with their verifiers, and databases: what check mode must leave alone. */
    static final String DB_STATE = "runuser -u postgres -- psql -XAt -c 'select rolname, rolcanlogin, rolpassword from pg_authid order by 1' "
            + "-c 'select datname, datdba from pg_database order by 1' -c 'select extname from pg_extension order by 1' 2>/dev/null; true";

    @BeforeAll
    static void connect() throws Exception {
        host = HOSTS.get(0);
        run = TaskHarness.connect(host);
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (run != null) run.close();
    }

    private String inside(String script) { return host.shInside(script).getStdout(); }

    /** Logs in over TCP with a password, as an application would; the password travels in a 0600 file. */
    private boolean logsIn(String user, String password, String database) {
        host.shInside("umask 077; printf '%s\\n' '127.0.0.1:5432:*:" + user + ":" + password + "' > /tmp/pgpass");
        var r = host.shInside("PGPASSFILE=/tmp/pgpass psql -X -w -h 127.0.0.1 -U " + user + " -d " + database + " -Atc 'select 1'; rc=$?; rm -f /tmp/pgpass; exit $rc");
        return r.getExitCode() == 0 && r.getStdout().trim().equals("1");
    }

    @Test
    @Order(1)
    void aFreshHostGetsServerRoleDatabaseAndExtensionInOneRun() throws Exception {
        List<Task> tasks = List.of(
                Tasks.of("package", "names", List.of("postgresql")),
                Tasks.of("service", "name", "postgresql", "state", "started", "enabled", true),
                Tasks.of("postgres_role", "name", "omnileads", "password", "first-Pa55word"),
                Tasks.of("postgres_database", "name", "omnileads", "owner", "omnileads"),
                Tasks.of("postgres_extension", "name", "pgcrypto", "database", "omnileads"));
        List<Plan> planned = run.check(tasks);
        Plan.Change role = assertInstanceOf(Plan.Change.class, planned.get(2));
        assertTrue(role.dependsOnEarlier(), "the server is not there yet: check mode says unknown");
        var first = Convergence.assertConverges(host, run, tasks, 4, DB_STATE);
        // Debian's package starts and enables the server: the service step finds nothing left to do.
        assertEquals(TaskHarness.Status.NOT_NEEDED, first.get(1).status());
        assertTrue(logsIn("omnileads", "first-Pa55word", "omnileads"));
        assertEquals("omnileads", inside("runuser -u postgres -- psql -XAt -c \"select pg_get_userbyid(datdba) from pg_database where datname='omnileads'\"").trim());
        assertEquals("pgcrypto", inside("runuser -u postgres -- psql -XAt -d omnileads -c \"select extname from pg_extension where extname='pgcrypto'\"").trim());
    }

    @Test
    @Order(2)
    void aNewPasswordIsSetAsAVerifierAndNeverReachesTheServerLog() throws Exception {
        host.shInside("runuser -u postgres -- psql -Xq -c \"alter system set log_statement = 'all'\" -c 'select pg_reload_conf()'");
        Task t = Tasks.of("postgres_role", "name", "omnileads", "password", "second-Pa55word", "superuser", false);
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(t)).get(0));
        assertEquals("PostgreSQL role omnileads: set password", c.summary());
        assertFalse(c.step().script().contains("second-Pa55word"), "only the SCRAM verifier travels");
        Convergence.assertConverges(host, run, List.of(t), 1, DB_STATE);
        assertTrue(logsIn("omnileads", "second-Pa55word", "omnileads"));
        assertFalse(logsIn("omnileads", "first-Pa55word", "omnileads"));
        String log = inside("cat /var/log/postgresql/*.log");
        assertTrue(log.contains("ALTER ROLE"), "statements are logged now");
        assertFalse(log.contains("second-Pa55word"), "the password is not in the server log");
        host.shInside("runuser -u postgres -- psql -Xq -c 'alter system reset log_statement' -c 'select pg_reload_conf()'");
    }

    @Test
    @Order(3)
    void aReadOnlyRoleReadsEveryTableNowAndLater() throws Exception {
        host.shInside("umask 077; printf '%s\\n' '127.0.0.1:5432:*:omnileads:second-Pa55word' > /tmp/pgpass; "
                + "PGPASSFILE=/tmp/pgpass psql -X -w -h 127.0.0.1 -U omnileads -d omnileads -qc 'create table t1 (x int); insert into t1 values (1)'; rm -f /tmp/pgpass");
        Task ro = Tasks.of("postgres_role", "name", "reader", "password", "read-Pa55word", "readonly_on_database", "omnileads");
        Convergence.assertConverges(host, run, List.of(ro), 1, DB_STATE);
        host.shInside("umask 077; printf '%s\\n' '127.0.0.1:5432:*:omnileads:second-Pa55word' > /tmp/pgpass; "
                + "PGPASSFILE=/tmp/pgpass psql -X -w -h 127.0.0.1 -U omnileads -d omnileads -qc 'create table t2 (y int); insert into t2 values (2)'; rm -f /tmp/pgpass");
        host.shInside("umask 077; printf '%s\\n' '127.0.0.1:5432:*:reader:read-Pa55word' > /tmp/pgpass");
        var sel = host.shInside("PGPASSFILE=/tmp/pgpass psql -X -w -h 127.0.0.1 -U reader -d omnileads -Atc 'select x from t1' -c 'select y from t2'");
        assertEquals("1\n2", sel.getStdout().trim(), sel.getStderr());
        var ins = host.shInside("PGPASSFILE=/tmp/pgpass psql -X -w -h 127.0.0.1 -U reader -d omnileads -Atc 'insert into t1 values (5)'");
        assertTrue(ins.getExitCode() != 0 && ins.getStderr().contains("permission denied"), ins.getStderr());
        assertInstanceOf(Plan.Ok.class, run.check(List.of(ro)).get(0), "a table created later needs nothing more");
    }

    @Test
    @Order(4)
    void anOwnerChangeIsFound() throws Exception {
        Task t = Tasks.of("postgres_database", "name", "omnileads", "owner", "reader");
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(t)).get(0));
        assertEquals("PostgreSQL database omnileads: owner omnileads → reader", c.summary());
        Convergence.assertConverges(host, run, List.of(t), 1, DB_STATE);
    }
}
