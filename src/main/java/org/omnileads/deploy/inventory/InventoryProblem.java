package org.omnileads.deploy.inventory;

import java.nio.file.Path;

/**
 * One thing wrong with an inventory, told as {@code FILE:LINE: message} plus a hint.
 *
 * @param file    the inventory file
 * @param line    1-based line, or 0 when the problem concerns the file as a whole
 * @param message what is wrong
 * @param hint    what to do about it (may be empty)
 */
public record InventoryProblem(Path file, int line, String message, String hint) {
    public String format() {
        String where = line > 0 ? file + ":" + line : file.toString();
        return where + ": " + message + (hint == null || hint.isEmpty() ? "" : "\n    hint: " + hint);
    }
}
