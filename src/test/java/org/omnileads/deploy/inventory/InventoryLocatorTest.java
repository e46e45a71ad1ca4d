package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which inventory file a run uses. */
class InventoryLocatorTest {
    @TempDir Path dir;

    @Test
    void theGivenFileWins() throws Exception {
        Files.writeString(dir.resolve("inventory"), "");
        Files.writeString(dir.resolve("lab.ini"), "");
        InventoryLocator.Located l = InventoryLocator.locate(Path.of("lab.ini"), dir);
        assertEquals(dir.resolve("lab.ini"), l.file());
        assertEquals("using inventory lab.ini (given with -I)", l.message());
    }

    @Test
    void aGivenFileThatDoesNotExistIsAnError() {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryLocator.locate(Path.of("missing.ini"), dir));
        assertEquals(0, e.problems().get(0).line());
        assertEquals("the inventory does not exist", e.problems().get(0).message());
    }

    @Test
    void aGivenDirectoryIsAnError() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryLocator.locate(Path.of("sub"), dir));
        assertEquals("the inventory is a directory, not an inventory file", e.problems().get(0).message());
    }

    @Test
    void inventoryIsTheDefault() throws Exception {
        Files.writeString(dir.resolve("inventory"), "");
        assertEquals(new InventoryLocator.Located(dir.resolve("inventory"), "using ./inventory"), InventoryLocator.locate(null, dir));
        Files.writeString(dir.resolve("my_inventory"), "");
        InventoryLocator.Located l = InventoryLocator.locate(null, dir);
        assertEquals(dir.resolve("inventory"), l.file());
        assertTrue(l.message().contains("my_inventory") && l.message().contains("not read"), l.message());
    }

    @Test
    void myInventoryIsUsedWhenItIsTheOnlyOne() throws Exception {
        Files.writeString(dir.resolve("my_inventory"), "");
        InventoryLocator.Located l = InventoryLocator.locate(null, dir);
        assertEquals(dir.resolve("my_inventory"), l.file());
        assertEquals("using ./my_inventory, the record of the last run (there is no ./inventory)", l.message());
    }

    @Test
    void neitherIsAnError() {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryLocator.locate(null, dir));
        InventoryProblem p = e.problems().get(0);
        assertTrue(p.message().startsWith("no inventory: neither ./inventory nor ./my_inventory exists"), p.message());
        assertTrue(p.hint().contains("deploy inventory init"));
    }
}
