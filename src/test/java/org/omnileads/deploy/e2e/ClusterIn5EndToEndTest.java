package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** The acceptance scenario ({@link EndToEnd}) for cluster-in-5, five hosts: the layout CI runs. */
@Tag("hosts")
class ClusterIn5EndToEndTest extends LayoutEndToEnd {
    @RegisterExtension
    static final TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.CLUSTER_IN_5);

    @Override Topology topology() { return Topology.CLUSTER_IN_5; }

    @Override TestHostsExtension hosts() { return HOSTS; }
}
