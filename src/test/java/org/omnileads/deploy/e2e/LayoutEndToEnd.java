package org.omnileads.deploy.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/** The one test of each layout's class: the {@link EndToEnd} scenario on that class's hosts. */
abstract class LayoutEndToEnd {
    @TempDir Path dir;

    abstract Topology topology();

    /** The class's hosts, from {@link EndToEnd#hostsFor}. */
    abstract TestHostsExtension hosts();

    @Test
    void installsPassesTheChecksConvergesAndComesBackAfterARestart() throws Exception {
        new EndToEnd(topology(), hosts(), dir).run();
    }
}
