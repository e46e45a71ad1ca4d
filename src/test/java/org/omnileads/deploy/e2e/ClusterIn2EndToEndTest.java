package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** The acceptance scenario ({@link EndToEnd}) for cluster-in-2: web app, database and dialer on one host, Kamailio and Asterisk on the other. */
@Tag("hosts")
// CI runs cluster-in-5 only, to keep `bash .ci/run` well under its hour; docs/testing.md says how to run this one.
@EnabledIfSystemProperty(named = "oml.e2e", matches = "all", disabledReason = "run with -Doml.e2e=all (docs/testing.md)")
class ClusterIn2EndToEndTest extends LayoutEndToEnd {
    @RegisterExtension
    static final TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.CLUSTER_IN_2);

    @Override Topology topology() { return Topology.CLUSTER_IN_2; }

    @Override TestHostsExtension hosts() { return HOSTS; }
}
