package org.omnileads.deploy.cli;

import java.util.List;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.lab.Lab;
import org.omnileads.deploy.lab.LabHost;

/** Writes lab/inventory for the hosts a lab started. */
final class LabInventory {
    private LabInventory() {}

    static void write(Lab lab, Topology topology, List<LabHost> hosts) {
    }
}
