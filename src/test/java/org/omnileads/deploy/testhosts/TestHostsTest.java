package org.omnileads.deploy.testhosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: two hosts that boot systemd, run sshd, install a package and reach each other. */
@Tag("hosts")
class TestHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2);

    /** Units that fail only because a container is not a whole machine. */
    private static final java.util.Set<String> HARMLESS = java.util.Set.of("run-rpc_pipefs.mount");

    @Test
    void systemdIsUpWithNoFailedUnitButKnownHarmlessOnes() {
        for (TestHost h : HOSTS.all()) {
            String state = h.execInside("systemctl", "is-system-running").getStdout().trim();
            String failed = h.execInside("systemctl", "--failed", "--no-legend", "--plain").getStdout().trim();
            assertTrue(state.equals("running") || state.equals("degraded"), h + " is " + state);
            for (String line : failed.lines().toList()) {
                String unit = line.trim().split("\\s+")[0];
                assertTrue(HARMLESS.contains(unit), h + " has failed unit " + unit);
            }
            assertEquals("active", h.execInside("systemctl", "is-active", "ssh").getStdout().trim());
        }
    }

    @Test
    void hostsHaveDistinctAddressesAndReachEachOther() {
        TestHost a = HOSTS.get(0);
        TestHost b = HOSTS.get(1);
        assertNotEquals(a.address(), b.address());
        var r = a.execInside("bash", "-c", "exec 3<>/dev/tcp/" + b.address() + "/22 && head -c 7 <&3");
        assertEquals("SSH-2.0", r.getStdout(), "sshd of " + b + " as seen from " + a + ": " + r.getStderr());
    }

    @Test
    void packagesInstallFromDebianMirror() {
        TestHost h = HOSTS.get(0);
        var r = h.shInside("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq less >/dev/null && dpkg-query -W -f='${Status}' less");
        assertEquals("install ok installed", r.getStdout().trim(), r.getStderr());
    }
}
