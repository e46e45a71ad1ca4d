package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * A host installed in Spanish, as OMniLeads hosts often are: /etc/default/locale says
 * es_AR.UTF-8, so every login (pam_env) runs in it and stat names file types in Spanish. The
 * bench role (folders, files, line edits, a user, a package, a service) must still converge and
 * then change nothing.
 */
@Tag("hosts")
class LocalizedHostHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "es");

    @Test
    void aHostInSpanishConvergesAndThenChangesNothing(@TempDir Path dir) throws Exception {
        TestHost h = HOSTS.get(0);
        var setup = h.shInside("(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales) >/dev/null 2>&1"
                + " && localedef -i es_AR -f UTF-8 es_AR.UTF-8 && echo LANG=es_AR.UTF-8 > /etc/default/locale");
        assertEquals(0, setup.getExitCode(), setup.getStderr());
        Files.createDirectories(dir.resolve("roles/bench"));
        Files.copy(Path.of("roles/bench/tasks.yaml"), dir.resolve("roles/bench/tasks.yaml"));
        Files.writeString(dir.resolve("roles/site.yaml"), "- {role: bench, on: all}\n");
        Roles roles = RoleLoader.fromDirectory(dir.resolve("roles"));
        // Logged in after the locale was set: the session's environment has it.
        try (HostRunFixture fx = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"))) {
            var seen = fx.sessions.values().iterator().next().exec(RemoteCommand.script("echo \"$LANG\"; stat -c %F /"));
            assertEquals("es_AR.UTF-8\ndirectorio\n", seen.stdout(), "the login runs in Spanish, so the test can fail");
            var inv = fx.inventory(Map.of());
            HostRunFixture.Outcome first = fx.run(roles, inv, RunOptions.of("install", dir.resolve(".deploy")));
            assertEquals(0, first.exit(), first.console());
            assertEquals(38, first.recap(h.name()).changed(), first.results(h.name()).toString());
            HostRunFixture.Outcome again = fx.run(roles, inv, RunOptions.of("install", dir.resolve(".deploy")));
            assertEquals(0, again.exit(), again.console());
            assertEquals(0, again.recap(h.name()).changed(), again.results(h.name()).toString());
            assertEquals(39, again.recap(h.name()).ok(), again.results(h.name()).toString());
            assertEquals(1, again.recap(h.name()).roundTrips(), "no step was needed, so none was sent");
            HostRunFixture.Outcome check = fx.run(roles, inv, RunOptions.of("install", dir.resolve(".deploy")).withCheck(true));
            assertEquals(0, check.recap(h.name()).changed() + check.recap(h.name()).unknown(), "check mode sees nothing to change: "
                    + check.results(h.name()));
        }
        assertTrue(h.shInside("stat -c %U /opt/omnileads/d9").getStdout().startsWith("omnileads"));
    }
}
