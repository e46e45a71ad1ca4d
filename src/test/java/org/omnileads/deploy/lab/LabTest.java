package org.omnileads.deploy.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;

/** `deploy lab up/down` on the real engine: five hosts with distinct reachable addresses, and nothing left after. */
@Tag("hosts")
class LabTest {
    @TempDir Path dir;

    @Test
    void clusterInFiveUpCheckDown() throws Exception {
        ContainerEngine engine = ContainerEngine.detect();
        Lab lab = new Lab(engine, dir.resolve("lab"), m -> {});
        try {
            List<LabHost> hosts = lab.up(Topology.CLUSTER_IN_5);
            assertEquals(5, hosts.size());
            java.util.Map<String, String> addresses = new java.util.LinkedHashMap<>();
            hosts.forEach(h -> addresses.put(h.name(), h.address()));
            Files.writeString(lab.inventoryFile(), InventoryTemplate.render(Topology.CLUSTER_IN_5, addresses, "UTC"));
            Inventory inv = InventoryParser.parse(lab.inventoryFile());
            assertEquals(Topology.CLUSTER_IN_5, inv.topology());
            assertEquals(5, new HashSet<>(addresses.values()).size(), "addresses must be distinct: " + addresses);
            for (LabHost h : hosts) {
                try (var s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(h.address(), 22), 2000);
                }
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.passwordFile())));
            assertEquals(5, Files.readAllLines(lab.passwordFile()).stream().filter(l -> l.contains("=")).count());
            assertEquals(5, lab.status().size());
        } finally {
            lab.down();
        }
        String left = engine.check(List.of("ps", "-a", "--filter", "label=" + Lab.LABEL + "=" + lab.dir(), "--format", "{{.Names}}"), null);
        assertTrue(left.isBlank(), "containers left behind: " + left);
        assertTrue(lab.status().isEmpty());
    }
}
