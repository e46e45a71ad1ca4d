package org.omnileads.deploy.lab;

import java.util.List;

/**
 * One lab host as the engine reports it.
 *
 * @param name       host name (also the inventory name)
 * @param container  container name ({@code oml-lab-XXXXXX-NAME}, unique per lab directory)
 * @param address    address on the engine's bridge, empty when stopped
 * @param state      the engine's state word (running, exited, ...)
 * @param groups     inventory groups this host holds
 */
public record LabHost(String name, String container, String address, String state, List<String> groups) {
    public LabHost {
        groups = List.copyOf(groups);
    }
}
