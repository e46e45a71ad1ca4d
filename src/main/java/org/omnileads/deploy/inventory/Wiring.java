package org.omnileads.deploy.inventory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The derived cross-host settings: for every component, the address and name of the host
 * that runs it. Computed once from the inventory; every role reads it from here.
 */
public record Wiring(Map<Component, Host> hosts) {
    public Wiring {
        hosts = Map.copyOf(new EnumMap<>(hosts));
    }

    public Host host(Component c) { return hosts.get(c); }

    public String ip(Component c) { return hosts.get(c).address(); }

    public String fqdn(Component c) { return hosts.get(c).name(); }

    /** The old installer's variables: {@code omniapp_ip}, {@code omniapp_fqdn}, ... in component order. */
    public Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Component c : Component.values()) {
            Host h = hosts.get(c);
            if (h == null) continue;
            vars.put(c.wiringPrefix() + "_ip", h.address());
            vars.put(c.wiringPrefix() + "_fqdn", h.name());
        }
        return vars;
    }
}
