package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * A kind of task as roles name it: the YAML key, its arguments, and how to build a task.
 *
 * @param key     the YAML key, e.g. {@code template}
 * @param summary one line for docs and suggestions
 * @param args    every argument the kind accepts
 * @param factory builds the task from checked, rendered arguments
 */
public record TaskKind(String key, String summary, List<ArgSpec> args, Factory factory) {
    public TaskKind {
        args = List.copyOf(args);
    }

    /** Builds a task; throws {@link BadArgument} for values the kind cannot use. */
    @FunctionalInterface
    public interface Factory {
        Task create(TaskSpec spec, Args args) throws BadArgument;
    }

    /** The argument named {@code name}, or null. */
    public ArgSpec arg(String name) {
        for (ArgSpec a : args) if (a.name().equals(name)) return a;
        return null;
    }
}
