package org.omnileads.deploy.roles;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One task (or handler) as written in a role file, checked against its kind's schema, not yet
 * rendered for a host.
 *
 * @param role     the role name
 * @param file     the file as messages show it
 * @param line     the task's first line
 * @param name     its {@code name:} (may hold a template)
 * @param kind     the kind key
 * @param kindLine the line of the kind key
 * @param tags     {@code tags:}
 * @param notifies {@code notify:}
 * @param when     the {@code when:} condition (a Pebble expression), or null
 * @param whenLine its line
 * @param args     argument nodes by name
 */
record TaskDefinition(String role, String file, int line, String name, String kind, int kindLine, List<String> tags,
                      List<String> notifies, String when, int whenLine, Map<String, Node> args) {
    TaskDefinition {
        tags = List.copyOf(tags);
        notifies = List.copyOf(notifies);
        args = Map.copyOf(args);
    }
}
