package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Topology;

/** The acceptance scenario ({@link EndToEnd}) for cluster-in-5, five hosts: the layout CI runs. */
@Tag("hosts")
class ClusterIn5EndToEndTest {
    @RegisterExtension
    static final org.omnileads.deploy.testhosts.TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.CLUSTER_IN_5);

    @TempDir java.nio.file.Path dir;

    @Test
    void installsPassesTheChecksConvergesAndComesBackAfterARestart() throws Exception {
        new EndToEnd(Topology.CLUSTER_IN_5, HOSTS, dir).run();
    }
}
