package org.omnileads.deploy.roles;

import java.util.List;
import java.util.Map;

/**
 * One role as loaded: its defaults, tasks, handlers, files and templates, all checked.
 *
 * @param name         the folder name
 * @param shownAs      the folder as messages show it, e.g. roles/database
 * @param defaults     defaults.yaml as plain values
 * @param defaultLines the line of each top-level default, for messages
 * @param tasks        tasks.yaml in order
 * @param handlers     handlers.yaml in order
 * @param files        the role's files/ folder, by relative name
 * @param templates    the role's Pebble engine
 */
record RoleDefinition(String name, String shownAs, Map<String, Object> defaults, Map<String, Integer> defaultLines,
                      List<TaskDefinition> tasks, List<TaskDefinition> handlers, Map<String, byte[]> files, RoleTemplates templates) {
    RoleDefinition {
        defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
        defaultLines = Map.copyOf(defaultLines);
        tasks = List.copyOf(tasks);
        handlers = List.copyOf(handlers);
        files = Map.copyOf(files);
    }
}
