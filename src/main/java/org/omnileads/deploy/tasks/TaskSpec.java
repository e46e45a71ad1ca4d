package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * Where a task comes from and how the runner treats it.
 *
 * @param role   the role name, e.g. {@code database}
 * @param name   the task's {@code name:} in the role file
 * @param kind   the task kind key, e.g. {@code template}
 * @param file   the role file it was read from, as shown in errors
 * @param line   1-based line of the task in that file
 * @param tags   {@code --tags} selects by these
 * @param notifies handler names notified when the task changes something
 */
public record TaskSpec(String role, String name, String kind, String file, int line, List<String> tags, List<String> notifies) {
    public TaskSpec {
        tags = List.copyOf(tags);
        notifies = List.copyOf(notifies);
    }

    /** "role: name" as shown to operators. */
    public String label() { return role + ": " + name; }
}
