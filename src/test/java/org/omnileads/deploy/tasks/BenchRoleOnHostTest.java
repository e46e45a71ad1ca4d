package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** roles/bench, the 39 tasks of the Ansible benchmark, converges a real host in two round trips and then stays put. */
@Tag("hosts")
class BenchRoleOnHostTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "bench");

    @Test
    void theBenchRoleConvergesAndARerunChangesNothing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bench"));
        Files.copy(Path.of("roles/bench/tasks.yaml"), dir.resolve("bench/tasks.yaml"));
        TestHost h = HOSTS.get(0);
        BoundRole bench = RoleLoader.load(dir, "roles").bind("bench", Map.of("inventory_hostname", h.name()));
        assertEquals(39, bench.tasks().size());
        try (TaskHarness run = TaskHarness.connect(h)) {
            long start = System.nanoTime();
            List<TaskHarness.Outcome> first = Convergence.assertConverges(h, run, bench.tasks(), 38);
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(TaskHarness.Status.NOT_NEEDED, first.get(31).status(), "cron runs once its package is installed");
            long again = System.nanoTime();
            List<TaskHarness.Outcome> rerun = run.run(bench.tasks());
            long rerunMs = (System.nanoTime() - again) / 1_000_000;
            assertTrue(rerun.stream().allMatch(o -> o.status() == TaskHarness.Status.OK), Convergence.describe(rerun));
            System.out.printf("bench on one host: check + first run + verifying run %d ms; converged re-run %d ms (one round trip)%n", firstMs, rerunMs);
        }
        assertEquals("key3=value3\nhost=" + h.name() + "\n", h.shInside("cat /opt/omnileads/d3/conf3.cfg").getStdout());
        assertEquals("8", h.shInside("wc -l < /etc/profile.d/omnileads_envars.sh").getStdout().trim());
        assertEquals("7", h.shInside("wc -l < /etc/oml_hosts").getStdout().trim());
        assertEquals("omnileads 755", h.shInside("stat -c '%U %a' /opt/omnileads/d9").getStdout().trim());
        assertEquals("640", h.shInside("stat -c '%a' /opt/omnileads/d9/conf9.cfg").getStdout().trim());
    }
}
