package org.omnileads.deploy.roles;

import java.util.List;
import java.util.Map;
import org.omnileads.deploy.tasks.Task;

/**
 * A role's tasks and handlers with every template and argument rendered for one host.
 *
 * @param name     the role name
 * @param tasks    in file order
 * @param handlers by handler name; run once at the end of the role when notified
 */
public record BoundRole(String name, List<Task> tasks, Map<String, Task> handlers) {
    public BoundRole {
        tasks = List.copyOf(tasks);
        handlers = Map.copyOf(handlers);
    }
}
