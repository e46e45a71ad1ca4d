package org.omnileads.deploy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Topology;

/** The acceptance scenario ({@link EndToEnd}) for all-in-one: every component on one host. */
@Tag("hosts")
class AioEndToEndTest {
    @RegisterExtension
    static final org.omnileads.deploy.testhosts.TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.AIO);

    @TempDir java.nio.file.Path dir;

    @Test
    void installsPassesTheChecksConvergesAndComesBackAfterARestart() throws Exception {
        new EndToEnd(Topology.AIO, HOSTS, dir).run();
    }
}
