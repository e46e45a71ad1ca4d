package org.omnileads.deploy.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.MyInventoryWriter;
import org.omnileads.deploy.inventory.Topology;

/** The release and dialer archive my_inventory records, and how a later run finds them again. */
class InstalledArtifactsTest {
    @TempDir Path dir;

    @Test
    void describesThePathGivenAndTheDigestOfTheArchive() throws Exception {
        Path archive = Files.writeString(dir.resolve("r.tar.gz"), "abc");
        String d = InstalledArtifacts.describe(dir.resolve("release-dir"), archive);
        assertEquals(dir.resolve("release-dir") + " sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d);
    }

    @Test
    void previousRecordsComeFromMyInventoryNextToTheInventory() throws Exception {
        Inventory inv = inventory();
        assertTrue(InstalledArtifacts.previous(inv).isEmpty(), "nothing recorded before any run");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(InstalledArtifacts.RELEASE, "/srv/omnileads-1.4.tar.gz sha256:00ff");
        extra.put(InstalledArtifacts.DIALER_ARCHIVE, "/srv/wombat.war sha256:11ee");
        Path my = MyInventoryWriter.write(inv, dir, "t", "install", "success", extra);
        assertEquals(extra, InstalledArtifacts.previous(inv));
        // A run reading my_inventory itself finds them among its own variables.
        assertEquals(extra, InstalledArtifacts.previous(InventoryParser.parse(my)));
    }

    @Test
    void anInvalidMyInventoryRecordsNothing() throws Exception {
        Inventory inv = inventory();
        Files.writeString(dir.resolve(MyInventoryWriter.FILE_NAME), "[nonsense\n");
        assertTrue(InstalledArtifacts.previous(inv).isEmpty());
    }

    private Inventory inventory() throws Exception {
        Path file = dir.resolve("inventory");
        Files.writeString(file, InventoryTemplate.render(Topology.AIO, Map.of("omnileads-aio", "10.88.7.7"), "UTC"));
        return InventoryParser.parse(file);
    }
}
