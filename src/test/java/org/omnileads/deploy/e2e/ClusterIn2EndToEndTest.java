package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Topology;

/** The acceptance scenario ({@link EndToEnd}) for cluster-in-2: web app, database and dialer on one host, Kamailio and Asterisk on the other. */
@Tag("hosts")
class ClusterIn2EndToEndTest {
    @RegisterExtension
    static final org.omnileads.deploy.testhosts.TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.CLUSTER_IN_2);

    @TempDir java.nio.file.Path dir;

    @Test
    void installsPassesTheChecksConvergesAndComesBackAfterARestart() throws Exception {
        new EndToEnd(Topology.CLUSTER_IN_2, HOSTS, dir).run();
    }
}
