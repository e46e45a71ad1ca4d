package org.omnileads.deploy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.lab.Lab;
import org.omnileads.deploy.lab.LabException;
import org.omnileads.deploy.lab.LabHost;

/** Writes lab/inventory for the hosts a lab started: the inventory template with their real addresses. */
final class LabInventory {
    private LabInventory() {}

    static void write(Lab lab, Topology topology, List<LabHost> hosts) throws LabException {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (LabHost h : hosts) addresses.put(h.name(), h.address());
        String text = InventoryTemplate.render(topology, addresses, "UTC");
        // The inventory holds service passwords: owner-only, like lab/passwords.
        Lab.writePrivate(lab.inventoryFile(), "# lab inventory written by `deploy lab up --topology " + topology.label() + "`\n" + text);
    }
}
