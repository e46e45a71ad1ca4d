package org.omnileads.deploy.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** The inventory cannot be used; carries every problem found, each with its line. */
public class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<InventoryProblem> problems;

    public InventoryException(List<InventoryProblem> problems) {
        super(problems.stream().map(InventoryProblem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<InventoryProblem> problems() { return problems; }
}
