package org.omnileads.deploy.inventory;

/** A message and a hint about a value, before the file and line are attached. */
record Complaint(String message, String hint) {
    InventoryProblem at(java.nio.file.Path file, int line) {
        return new InventoryProblem(file, line, message, hint);
    }
}
