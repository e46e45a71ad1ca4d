package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The starting inventory of `deploy inventory init`. */
class InventoryTemplateTest {

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = {"AIO", "CLUSTER_IN_2", "CLUSTER_IN_5"})
    void parsesAsItsOwnLayoutWithStrongPasswords(Topology topology) throws Exception {
        String text = InventoryTemplate.render(topology);
        Inventory inv = Texts.parse(text);
        assertEquals(topology, inv.topology());
        assertEquals(List.of(), PasswordCheck.weakPasswords(inv), "generated passwords are strong");
        assertEquals(InventoryTemplate.layout(topology).keySet().stream().toList(), inv.hosts().stream().map(Host::name).toList());
        for (Host h : inv.hosts()) assertTrue(h.address().startsWith("192.0.2."), h.address());
        assertTrue(text.contains("192.0.2.x addresses (reserved for documentation"), "says to replace the placeholders");
        for (Variable v : Variable.values()) assertTrue(text.contains("\n" + v.key() + "="), v.key());
    }

    @Test
    void everyRenderHasFreshPasswords() throws Exception {
        Inventory a = Texts.parse(InventoryTemplate.render(Topology.AIO));
        Inventory b = Texts.parse(InventoryTemplate.render(Topology.AIO));
        assertNotEquals(a.variables().get("postgres_password"), b.variables().get("postgres_password"));
        assertEquals(6, a.secretValues().stream().distinct().count());
    }

    @Test
    void givenAddressesAndZoneAreUsed() throws Exception {
        String text = InventoryTemplate.render(Topology.CLUSTER_IN_2, Map.of("omlapp", "10.0.0.5", "omlvoip", "10.0.0.6"), "Europe/Madrid");
        Inventory inv = Texts.parse(text);
        assertEquals("10.0.0.5", inv.wiring().ip(Component.DIALER));
        assertEquals("10.0.0.6", inv.wiring().ip(Component.KAMAILIO));
        assertEquals("Europe/Madrid", inv.variables().get("TZ"));
        assertTrue(!text.contains("192.0.2."));
    }

    @Test
    void wrongArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> InventoryTemplate.render(Topology.CUSTOM));
        assertThrows(IllegalArgumentException.class, () -> InventoryTemplate.render(Topology.AIO, Map.of("nohost", "10.0.0.1"), "UTC"));
        assertThrows(IllegalArgumentException.class, () -> InventoryTemplate.render(Topology.AIO, Map.of("omnileads-aio", "10.0.0"), "UTC"));
        assertThrows(IllegalArgumentException.class, () -> InventoryTemplate.render(Topology.AIO, Map.of(), "Mars/Olympus"));
    }

    @Test
    void theDefaultZoneIsAKnownZone() {
        assertEquals(null, Variable.TZ.check(InventoryTemplate.defaultZone()));
    }
}
