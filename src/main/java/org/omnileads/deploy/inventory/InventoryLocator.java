package org.omnileads.deploy.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses the inventory file of a run: the one given with {@code -I}, else {@code ./inventory},
 * else {@code ./my_inventory} (the record of the last run) when only that exists.
 */
public final class InventoryLocator {
    public static final String DEFAULT_NAME = "inventory";

    /** The chosen file and a sentence saying which one was used and why, for the user. */
    public record Located(Path file, String message) {}

    private InventoryLocator() {}

    /**
     * @param explicitOrNull the file given on the command line, or null
     * @param cwd            the directory to look in otherwise
     * @throws InventoryException when the given file, or both default files, do not exist
     */
    public static Located locate(Path explicitOrNull, Path cwd) throws InventoryException {
        if (explicitOrNull != null) {
            Path f = cwd.resolve(explicitOrNull);
            if (!Files.isRegularFile(f)) {
                String why = Files.isDirectory(f) ? "is a directory, not an inventory file"
                        : Files.exists(f) ? "is not a regular file (a device, a FIFO or a socket); it is not read" : "does not exist";
                throw new InventoryException(List.of(new InventoryProblem(explicitOrNull, 0, "the inventory " + why,
                        "check the path given with -I/--inventory")));
            }
            return new Located(f, "using inventory " + explicitOrNull + " (given with -I)");
        }
        Path inventory = cwd.resolve(DEFAULT_NAME);
        Path record = cwd.resolve(MyInventoryWriter.FILE_NAME);
        if (Files.isRegularFile(inventory)) {
            return new Located(inventory, Files.isRegularFile(record)
                    ? "using ./inventory (./my_inventory, the record of an earlier run, is not read)"
                    : "using ./inventory");
        }
        if (Files.isRegularFile(record)) {
            return new Located(record, "using ./my_inventory, the record of the last run (there is no ./inventory)");
        }
        throw new InventoryException(List.of(new InventoryProblem(inventory, 0,
                "no inventory: neither ./inventory nor ./my_inventory exists in " + cwd,
                "create one with `deploy inventory init --topology aio` (or cluster-in-2, cluster-in-5), or give its path with -I FILE")));
    }
}
