package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.PasswordCheck;

/** The hostile inventory of the host test reads back as written, and is strong enough to install. */
class HostileValuesTest {
    @Test
    void theHostileInventoryReadsBackValueForValue() throws Exception {
        String text = HostileValues.inventory("192.0.2.10", "192.0.2.11");
        Inventory inv = InventoryParser.parse(Path.of("inventory"), text.getBytes(StandardCharsets.UTF_8));
        HostileValues.SERVICE.forEach((k, v) -> assertEquals(v, inv.variables().get(k), k));
        assertEquals(HostileValues.SCHEDULE, inv.variables().get("schedule"));
        assertEquals(List.of(), PasswordCheck.weakPasswords(inv));
        assertEquals(HostileValues.SERVICE.size() + HostileValues.ROOT_PASSWORDS.size(), HostileValues.secretsByMarker().size(),
                "one marker per secret");
    }
}
