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

/** mysql_root_password and mysql_user against MariaDB 10.11 installed on a real host. */
@Tag("hosts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariadbKindsOnHostTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "maria");

    static TaskHarness run;
    static TestHost host;

    static final String DB_STATE = "mysql -NB -e 'select user, host, priv from mysql.global_priv order by 1, 2; show databases' 2>/dev/null; true";

    @BeforeAll
    static void connect() throws Exception {
        host = HOSTS.get(0);
        run = TaskHarness.connect(host);
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (run != null) run.close();
    }

    /** Logs in over the socket as an unprivileged system user, so unix_socket cannot stand in for the password. */
    private boolean logsIn(String user, String password) {
        host.shInside("umask 077; printf '[client]\\nuser=%s\\npassword=%s\\n' '" + user + "' '" + password + "' > /tmp/my.cnf; chown nobody /tmp/my.cnf");
        var r = host.shInside("runuser -u nobody -- mysql --defaults-extra-file=/tmp/my.cnf -NBe 'select 1'; rc=$?; rm -f /tmp/my.cnf; exit $rc");
        return r.getExitCode() == 0 && r.getStdout().trim().equals("1");
    }

    @Test
    @Order(1)
    void aFreshHostGetsServerRootPasswordAndUserInOneRun() throws Exception {
        List<Task> tasks = List.of(
                Tasks.of("package", "names", List.of("mariadb-server")),
                Tasks.of("service", "name", "mariadb", "state", "started", "enabled", true),
                Tasks.of("mysql_root_password", "password", "root-Pa55word"),
                Tasks.of("mysql_user", "name", "wombat", "password", "wombat-Pa55", "database", "wombat", "privileges", List.of("ALL")));
        var first = Convergence.assertConverges(host, run, tasks, 3, DB_STATE);
        assertEquals(TaskHarness.Status.NOT_NEEDED, first.get(1).status(), "the package starts and enables the server");
        assertTrue(logsIn("root", "root-Pa55word"));
        assertFalse(logsIn("root", "wrong"));
        assertTrue(logsIn("wombat", "wombat-Pa55"));
        String grants = host.shInside("mysql -NBe \"show grants for 'wombat'@'localhost'\"").getStdout();
        assertTrue(grants.contains("GRANT ALL PRIVILEGES ON `wombat`.* TO `wombat`@`localhost`"), grants);
    }

    @Test
    @Order(2)
    void anonymousUsersRemoteRootAndTheTestDatabaseAreRemoved() throws Exception {
        host.shInside("mysql -e \"create user ''@'localhost'; create user 'root'@'%' identified by 'x'; create database test\"");
        Task t = Tasks.of("mysql_root_password", "password", "root-Pa55word");
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(t)).get(0));
        assertEquals("MariaDB: remove anonymous users, remove remote root logins, drop database test", c.summary());
        assertFalse(c.step().script().contains("root-Pa55word"), "only the hash travels");
        Convergence.assertConverges(host, run, List.of(t), 1, DB_STATE);
        assertEquals("0", host.shInside("mysql -NBe \"select count(*) from mysql.global_priv where user = '' or (user = 'root' and host = '%')\"").getStdout().trim());
    }

    @Test
    @Order(3)
    void privilegesAndPasswordsFollowTheTask() throws Exception {
        Task t = Tasks.of("mysql_user", "name", "wombat", "password", "new-wombat-Pa55", "database", "wombat", "privileges", List.of("SELECT", "INSERT"));
        Plan.Change c = assertInstanceOf(Plan.Change.class, run.check(List.of(t)).get(0));
        assertEquals("MariaDB user wombat@localhost: set password; privileges on `wombat`.*: ALL PRIVILEGES → SELECT, INSERT", c.summary());
        Convergence.assertConverges(host, run, List.of(t), 1, DB_STATE);
        assertTrue(logsIn("wombat", "new-wombat-Pa55"));
        String grants = host.shInside("mysql -NBe \"show grants for 'wombat'@'localhost'\"").getStdout();
        assertTrue(grants.contains("GRANT SELECT, INSERT ON `wombat`.* TO `wombat`@`localhost`"), grants);
    }
}
