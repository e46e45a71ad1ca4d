package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * A wrong root password for one host of five, end to end through {@code deploy -i -a}: the run
 * stops at the logins, names that host and what to do, and no host is changed, the four with
 * the right password included. docs/faults.md points here.
 */
@Tag("hosts")
class WrongPasswordHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(5, "pw");

    /** Where anything a run changes would show; none of it is touched by a login. */
    private static final String WATCHED = "/etc /opt /usr /root /var/lib/dpkg /var/lib/oml-deploy";

    @TempDir Path dir;

    @Test
    void oneWrongPasswordOfFiveStopsBeforeAnyHostIsChanged() throws Exception {
        List<String> names = new ArrayList<>(InventoryTemplate.layout(Topology.CLUSTER_IN_5).keySet());
        Map<String, String> addresses = new LinkedHashMap<>();
        StringBuilder pw = new StringBuilder();
        String wrongHost = names.get(2);
        for (int i = 0; i < names.size(); i++) {
            TestHost h = HOSTS.get(i);
            addresses.put(names.get(i), h.address());
            pw.append(names.get(i)).append('=').append(names.get(i).equals(wrongHost) ? "Not-" + h.rootPassword() : h.rootPassword()).append('\n');
        }
        Path inventory = dir.resolve("inventory");
        Files.writeString(inventory, InventoryTemplate.render(Topology.CLUSTER_IN_5, addresses, "UTC"));
        Path pwFile = dir.resolve("passwords");
        Files.writeString(pwFile, pw);
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        // A role that would change every host at once if anything ran.
        Path roles = Files.createDirectories(dir.resolve("roles/mark"));
        Files.writeString(dir.resolve("roles/site.yaml"), "- {role: mark, on: all}\n");
        Files.writeString(roles.resolve("tasks.yaml"), "- name: mark\n  file: {path: /opt/oml-was-here, content: \"changed\\n\"}\n");
        for (TestHost h : HOSTS.all()) h.execInside("touch", "/run/oml-before-run");

        var o = CliRunner.run("-i", "-a", "-I", inventory.toString(), "--roles", dir.resolve("roles").toString(),
                "--password-file", pwFile.toString(), "--known-hosts", dir.resolve("known_hosts").toString(),
                "--accept-new-host-keys", "--allow-weak-passwords", "--lab");

        assertEquals(ExitCode.UNREACHABLE, o.exit(), o.err() + o.out());
        TestHost wrong = HOSTS.get(2);
        assertTrue(o.err().contains("error: " + wrongHost + " (" + wrong.address() + "): the password was rejected"), o.err());
        assertTrue(o.err().contains("what to do: type the root password of this host again"), o.err());
        for (int i = 0; i < names.size(); i++) {
            if (i != 2) assertFalse(o.err().contains("error: " + names.get(i) + " ("), "only " + wrongHost + " is named:\n" + o.err());
        }
        assertFalse(Files.exists(dir.resolve(".deploy/runs")), "no run started, so no journal");
        for (TestHost h : HOSTS.all()) {
            String changed = h.shInside("find " + WATCHED + " -xdev -newer /run/oml-before-run 2>/dev/null").getStdout();
            assertEquals("", changed.strip(), "nothing changed on " + h);
            assertFalse(o.err().contains(h.rootPassword()) || o.out().contains(h.rootPassword()), "a password was printed");
        }
    }
}
