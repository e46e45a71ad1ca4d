package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.omnileads.deploy.inventory.Texts.cluster;
import static org.omnileads.deploy.inventory.Texts.parse;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the layout is derived from which host holds which component. */
class TopologyTest {
    private static final String A = "hosta ansible_host=192.0.2.1";
    private static final String B = "hostb ansible_host=192.0.2.2";
    private static final String C = "hostc ansible_host=192.0.2.3";
    private static final String D = "hostd ansible_host=192.0.2.4";
    private static final String E = "hoste ansible_host=192.0.2.5";

    @Test
    void oneHostIsAio() throws Exception {
        assertEquals(Topology.AIO, parse(Texts.AIO).topology());
        assertEquals(Topology.AIO, parse(cluster(A, A, A, A, A)).topology());
    }

    @Test
    void appDatabaseDialerAndVoipIsClusterInTwo() throws Exception {
        // Group order: omniapp, kamailio, asterisk, database, dialer.
        assertEquals(Topology.CLUSTER_IN_2, parse(cluster(A, B, B, A, A)).topology());
    }

    @Test
    void fiveHostsIsClusterInFive() throws Exception {
        assertEquals(Topology.CLUSTER_IN_5, parse(cluster(A, B, C, D, E)).topology());
    }

    @Test
    void anyOtherSplitIsCustom() throws Exception {
        assertEquals(Topology.CUSTOM, parse(cluster(A, B, C, A, A)).topology(), "three hosts");
        assertEquals(Topology.CUSTOM, parse(cluster(A, B, A, A, A)).topology(), "kamailio alone");
        assertEquals(Topology.CUSTOM, parse(cluster(A, B, B, B, A)).topology(), "database with the VoIP host");
        assertEquals(Topology.CUSTOM, parse(cluster(A, B, C, D, D)).topology(), "four hosts");
    }

    @Test
    void labelsAreTheUserFacingNames() {
        assertEquals("aio", Topology.AIO.label());
        assertEquals("cluster-in-2", Topology.CLUSTER_IN_2.label());
        assertEquals("cluster-in-5", Topology.CLUSTER_IN_5.label());
        assertEquals("custom", Topology.CUSTOM.label());
        assertEquals(Topology.CLUSTER_IN_5, Topology.ofLabel("cluster-in-5").orElseThrow());
    }

    @Test
    void anIncompleteWiringHasNoTopology() {
        Map<Component, Host> m = new EnumMap<>(Component.class);
        m.put(Component.OMNIAPP, new Host("a", "192.0.2.1", 22, "root", 1));
        assertThrows(IllegalArgumentException.class, () -> Topology.of(new Wiring(m)));
    }

    @Test
    void theWiringIsComputedOnceAndSharedByEveryComponent() throws Exception {
        Inventory inv = parse(cluster(A, B, B, A, A));
        Host a = inv.hostNamed("hosta");
        org.junit.jupiter.api.Assertions.assertSame(a, inv.wiring().host(Component.DIALER));
        assertEquals(java.util.EnumSet.of(Component.OMNIAPP, Component.DATABASE, Component.DIALER), inv.componentsOf(a));
        assertEquals("192.0.2.2", inv.allVariables().get("kamailio_ip"));
        assertEquals("hostb", inv.allVariables().get("asterisk_fqdn"));
    }
}
