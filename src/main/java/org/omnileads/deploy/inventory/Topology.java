package org.omnileads.deploy.inventory;

import java.util.Optional;

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

    @Override public String toString() { return label; }
}
