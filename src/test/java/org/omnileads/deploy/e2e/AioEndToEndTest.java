package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** The acceptance scenario ({@link EndToEnd}) for all-in-one: every component on one host. */
@Tag("hosts")
// CI runs cluster-in-5 only, to keep `bash .ci/run` well under its hour; docs/testing.md says how to run this one.
@EnabledIfSystemProperty(named = "oml.e2e", matches = "all", disabledReason = "run with -Doml.e2e=all (docs/testing.md)")
class AioEndToEndTest extends LayoutEndToEnd {
    @RegisterExtension
    static final TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.AIO);

    @Override Topology topology() { return Topology.AIO; }

    @Override TestHostsExtension hosts() { return HOSTS; }
}
