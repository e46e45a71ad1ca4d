package org.omnileads.deploy.tasks;

/**
 * An argument value a task kind cannot use. The role loader turns it into
 * {@code FILE:LINE: message} at the argument's line.
 */
public class BadArgument extends Exception {
    private final String argument;

    public BadArgument(String argument, String message) {
        super(message);
        this.argument = argument;
    }

    /** The argument's name, or null when the problem is the task as a whole. */
    public String argument() { return argument; }
}
