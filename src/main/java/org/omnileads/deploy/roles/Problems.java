package org.omnileads.deploy.roles;

import java.util.ArrayList;
import java.util.List;

/** Problems found while loading or binding roles, each {@code FILE:LINE: message}, collected so all are shown at once. */
final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String file, int line, String message) {
        list.add(file + ":" + line + ": " + message);
    }

    /** A problem with a whole file (it is missing, or unreadable). */
    void add(String file, String message) {
        list.add(file + ": " + message);
    }

    boolean isEmpty() { return list.isEmpty(); }

    List<String> all() { return List.copyOf(list); }

    /** Throws every problem collected so far, if any. */
    void throwIfAny() throws RoleException {
        if (!list.isEmpty()) throw new RoleException(list);
    }
}
