package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;

class SelectionTest {
    private final FakeRoles roles = new FakeRoles()
            .phase("prereq", "all")
            .phase("postgres", "database")
            .phase("kamailio", "kamailio")
            .phase("asterisk", "asterisk")
            .phase("dialer", "dialer")
            .phase("omniapp", "omniapp");
    private final Inventory inv = Inventories.threeHosts(Map.of());

    private static String show(Selection s) {
        StringBuilder b = new StringBuilder();
        for (Selection.Selected p : s.phases()) {
            b.append(p.siteIndex()).append(':').append(p.phase().role()).append(p.hosts().stream().map(Host::name).toList()).append(' ');
        }
        return b.toString().trim();
    }

    private Selection select(RunOptions o) { return Selection.of(roles, inv, o); }

    @Test
    void everythingRunsEachPhaseOnItsHostAndAllOnEveryHostOnce() {
        Selection s = select(RunOptions.of("install", Path.of(".deploy")));
        assertEquals("1:prereq[h1, h2, h3] 2:postgres[h3] 3:kamailio[h1] 4:asterisk[h2] 5:dialer[h3] 6:omniapp[h1]", show(s));
        assertEquals(List.of("h1", "h2", "h3"), s.hosts().stream().map(Host::name).toList());
    }

    @Test
    void aComponentSelectorKeepsItsPhasesAndThePrerequisitesOfItsHost() {
        Selection s = select(RunOptions.of("install", null).withComponents(Set.of(Component.ASTERISK)));
        assertEquals("1:prereq[h2] 4:asterisk[h2]", show(s));
        s = select(RunOptions.of("install", null).withComponents(Set.of(Component.KAMAILIO, Component.DATABASE)));
        assertEquals("1:prereq[h1, h3] 2:postgres[h3] 3:kamailio[h1]", show(s));
    }

    @Test
    void limitKeepsOnlyTheNamedHosts() {
        Selection s = select(RunOptions.of("install", null).withLimit(List.of("h1")));
        assertEquals("1:prereq[h1] 3:kamailio[h1] 6:omniapp[h1]", show(s));
        s = select(RunOptions.of("install", null).withLimit(List.of("h2")).withComponents(Set.of(Component.OMNIAPP)));
        assertEquals("", show(s));
        assertEquals(List.of(), s.hosts());
    }
}
