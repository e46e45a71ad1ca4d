package org.omnileads.deploy.inventory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The layout an inventory describes, derived from which host holds which component. */
public enum Topology {
    AIO("aio"),
    CLUSTER_IN_2("cluster-in-2"),
    CLUSTER_IN_5("cluster-in-5"),
    /** Each component has exactly one host and Kamailio keeps rtpengine and Redis, but the split is not one of the three named layouts. */
    CUSTOM("custom");

    private final String label;

    Topology(String label) { this.label = label; }

    /** The exact user-facing name: {@code aio}, {@code cluster-in-2}, {@code cluster-in-5} or {@code custom}. */
    public String label() { return label; }

    public static Optional<Topology> ofLabel(String s) {
        for (Topology t : values()) if (t.label.equals(s)) return Optional.of(t);
        return Optional.empty();
    }

    /**
     * The layout a complete wiring describes: one host is {@code aio}; app + database + dialer on
     * one host and Kamailio + Asterisk on the other is {@code cluster-in-2}; five hosts is
     * {@code cluster-in-5}; any other split is {@code custom}.
     *
     * @throws IllegalArgumentException when a component has no host
     */
    public static Topology of(Wiring wiring) {
        for (Component c : Component.values()) {
            if (wiring.host(c) == null) throw new IllegalArgumentException("no host for " + c.group());
        }
        Set<Host> distinct = new HashSet<>(wiring.hosts().values());
        if (distinct.size() == 1) return AIO;
        if (distinct.size() == Component.values().length) return CLUSTER_IN_5;
        Host app = wiring.host(Component.OMNIAPP);
        Host voip = wiring.host(Component.KAMAILIO);
        if (distinct.size() == 2 && app.equals(wiring.host(Component.DATABASE)) && app.equals(wiring.host(Component.DIALER))
                && voip.equals(wiring.host(Component.ASTERISK))) {
            return CLUSTER_IN_2;
        }
        return CUSTOM;
    }

    @Override public String toString() { return label; }
}
