package org.omnileads.deploy.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed and validated inventory.
 *
 * @param source        the file it was read from
 * @param hosts         distinct hosts in order of first appearance
 * @param wiring        which host runs each component
 * @param variables     the {@code [everyone:vars]} values, in file order, then the defaults of
 *                      variables the file did not give (see {@link Variable})
 * @param topology      the derived layout
 * @param variableLines the line of each variable given in the file (defaults have none)
 */
public record Inventory(Path source, List<Host> hosts, Wiring wiring, Map<String, String> variables, Topology topology,
                        Map<String, Integer> variableLines) {
    public Inventory {
        hosts = List.copyOf(hosts);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        variableLines = Map.copyOf(variableLines);
    }

    /** An inventory without line information, e.g. built by hand in tests. */
    public Inventory(Path source, List<Host> hosts, Wiring wiring, Map<String, String> variables, Topology topology) {
        this(source, hosts, wiring, variables, topology, Map.of());
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

    /** The 1-based line where the file sets {@code variable}, or 0 (a default, or not set). */
    public int lineOf(String variable) {
        return variableLines.getOrDefault(variable, 0);
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

    /**
     * True when {@code other} describes the same install: the same hosts (name, address, port,
     * user), wiring, variables and topology. The source file and line numbers do not count, so
     * an inventory and the {@code my_inventory} written from it are the same setup.
     */
    public boolean sameSetup(Inventory other) {
        if (other == null || topology != other.topology || !variables.equals(other.variables)) return false;
        if (hosts.size() != other.hosts.size()) return false;
        for (int i = 0; i < hosts.size(); i++) if (!sameHost(hosts.get(i), other.hosts.get(i))) return false;
        for (Component c : Component.values()) if (!sameHost(wiring.host(c), other.wiring.host(c))) return false;
        return true;
    }

    private static boolean sameHost(Host a, Host b) {
        if (a == null || b == null) return a == b;
        return a.name().equals(b.name()) && a.address().equals(b.address()) && a.port() == b.port()
                && Objects.equals(a.user(), b.user());
    }
}
