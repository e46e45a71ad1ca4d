package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingHandlersTest {
    @TempDir Path state;

    @Test
    void survivesTheProcessUntilRemoved() {
        PendingHandlers p = PendingHandlers.load(state);
        p.add("h1", "web", "restart nginx");
        p.add("h1", "web", "restart nginx");
        p.add("h1", "db", "reload postgresql");
        p.add("h2", "web", "restart nginx");
        PendingHandlers again = PendingHandlers.load(state);
        assertEquals(Set.of("restart nginx"), again.of("h1", "web"));
        assertEquals(Set.of("reload postgresql"), again.of("h1", "db"));
        again.remove("h1", "web", "restart nginx");
        assertEquals(Set.of(), PendingHandlers.load(state).of("h1", "web"));
        assertEquals(Set.of("restart nginx"), PendingHandlers.load(state).of("h2", "web"));
    }

    @Test
    void aDamagedFileDoesNotBlockTheRun() throws Exception {
        Files.writeString(state.resolve(PendingHandlers.FILE), "{not json");
        assertTrue(PendingHandlers.load(state).all("h1").isEmpty());
    }

    @Test
    void withoutAStateDirectoryTheyLiveInMemory() {
        PendingHandlers p = PendingHandlers.load(null);
        p.add("h1", "web", "x");
        assertEquals(Set.of("x"), p.of("h1", "web"));
    }
}
