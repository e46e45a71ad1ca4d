package org.omnileads.deploy.testhosts;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fixed addresses: a restarted host boots again (sshd started anew) with the same address and sshd answering. */
@Tag("hosts")
class TestHostsRestartTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "restart").withFixedAddresses();

    @Test
    void restartKeepsTheAddresses() {
        TestHost a = HOSTS.get(0);
        String uptime = a.execInside("sh", "-c", "systemctl show -p ActiveEnterTimestampMonotonic ssh").getStdout().trim();
        HOSTS.restartAll();
        for (TestHost h : HOSTS.all()) {
            assertTrue(h.address().startsWith("10.88."), h.toString());
            assertTrue(TestHosts.portOpen(h.address(), 22), h + " has no sshd after the restart");
            String seen = h.execInside("sh", "-c", "ip -4 -o addr show scope global | awk '{print $4}'").getStdout();
            assertTrue(seen.contains(h.address() + "/"), h + " now has " + seen);
        }
        assertNotEquals(uptime, a.execInside("sh", "-c", "systemctl show -p ActiveEnterTimestampMonotonic ssh").getStdout().trim(),
                "sshd was not started again: the container did not restart");
    }
}
