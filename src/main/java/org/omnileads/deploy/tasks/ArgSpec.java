package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * One argument of a task kind.
 *
 * @param name     the YAML key
 * @param type     how it is read and checked
 * @param required whether the task must give it
 * @param fallback the value when not given (null: absent)
 * @param choices  allowed values of a {@link ArgType#CHOICE}
 * @param roleDir  {@code files} or {@code templates} for a {@link ArgType#ROLE_FILE}
 * @param help     one line for docs and error messages
 */
public record ArgSpec(String name, ArgType type, boolean required, Object fallback, List<String> choices, String roleDir, String help) {
    public ArgSpec {
        choices = List.copyOf(choices);
    }

    public static ArgSpec required(String name, ArgType type, String help) {
        return new ArgSpec(name, type, true, null, List.of(), null, help);
    }

    public static ArgSpec optional(String name, ArgType type, Object fallback, String help) {
        return new ArgSpec(name, type, false, fallback, List.of(), null, help);
    }

    public static ArgSpec choice(String name, String fallback, String help, String... choices) {
        return new ArgSpec(name, ArgType.CHOICE, fallback == null, fallback, List.of(choices), null, help);
    }

    public static ArgSpec roleFile(String name, String roleDir, String help) {
        return new ArgSpec(name, ArgType.ROLE_FILE, true, null, List.of(), roleDir, help);
    }
}
