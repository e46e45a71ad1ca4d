package org.omnileads.deploy.run;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.inventory.Wiring;

/** Inventories built by hand for tests. */
final class Inventories {
    private Inventories() {}

    /** h1: omniapp + kamailio, h2: asterisk, h3: database + dialer. */
    static Inventory threeHosts(Map<String, String> vars) {
        Host h1 = new Host("h1", "10.0.0.1", 22, "root", 1);
        Host h2 = new Host("h2", "10.0.0.2", 22, "root", 2);
        Host h3 = new Host("h3", "10.0.0.3", 22, "root", 3);
        Map<Component, Host> w = new EnumMap<>(Component.class);
        w.put(Component.OMNIAPP, h1);
        w.put(Component.KAMAILIO, h1);
        w.put(Component.ASTERISK, h2);
        w.put(Component.DATABASE, h3);
        w.put(Component.DIALER, h3);
        return new Inventory(Path.of("inventory.ini"), List.of(h1, h2, h3), new Wiring(w), new LinkedHashMap<>(vars), Topology.CUSTOM);
    }

    /** Every component on the given hosts, the first one holding all. */
    static Inventory allOn(List<Host> hosts, Map<String, String> vars) {
        Map<Component, Host> w = new EnumMap<>(Component.class);
        for (Component c : Component.values()) w.put(c, hosts.get(0));
        return new Inventory(Path.of("inventory.ini"), hosts, new Wiring(w), new LinkedHashMap<>(vars),
                hosts.size() == 1 ? Topology.AIO : Topology.CUSTOM);
    }
}
