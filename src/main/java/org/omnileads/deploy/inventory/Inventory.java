package org.omnileads.deploy.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and validated inventory.
 *
 * @param source    the file it was read from
 * @param hosts     distinct hosts in order of first appearance
 * @param wiring    which host runs each component
 * @param variables the {@code [everyone:vars]} values, in file order
 * @param topology  the derived layout
 */
public record Inventory(Path source, List<Host> hosts, Wiring wiring, Map<String, String> variables, Topology topology) {
    public Inventory {
        hosts = List.copyOf(hosts);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Components the given host runs, in site order. */
    public Set<Component> componentsOf(Host host) {
        Set<Component> out = EnumSet.noneOf(Component.class);
        for (Component c : Component.values()) if (host.equals(wiring.host(c))) out.add(c);
        return out;
    }

    public Host hostNamed(String name) {
        for (Host h : hosts) if (h.name().equals(name)) return h;
        return null;
    }

    /** Variables for templates: inventory variables, then the derived wiring. */
    public Map<String, String> allVariables() {
        Map<String, String> all = new LinkedHashMap<>(variables);
        all.putAll(wiring.variables());
        return all;
    }

    /** Every value that must never be printed: the values of password-like variables. */
    public List<String> secretValues() {
        List<String> out = new ArrayList<>();
        variables.forEach((k, v) -> { if (Secrets.isSecretName(k) && !v.isEmpty()) out.add(v); });
        return out;
    }
}
