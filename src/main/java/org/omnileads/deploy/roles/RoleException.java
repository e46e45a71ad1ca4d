package org.omnileads.deploy.roles;

import java.util.List;

/** Role files that cannot be used; each problem reads {@code FILE:LINE: message}. */
public class RoleException extends Exception {
    private final transient List<String> problems;

    public RoleException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}
