package org.omnileads.deploy.tasks;

/** How an argument of a task kind is read from YAML and checked. */
public enum ArgType {
    /** One line of text. */
    STRING,
    /** Text that may span lines (file contents, scripts). */
    TEXT,
    /** An absolute path on the host. */
    PATH,
    /** A user, group, package, service or database name: no blanks, no quotes, no leading dash. */
    NAME,
    /** A list of {@link #NAME}s; a single scalar counts as a list of one. */
    NAMES,
    /** A list of strings; a single scalar counts as a list of one. */
    LIST,
    /** true/false (also yes/no). */
    BOOL,
    /** A whole number. */
    INT,
    /** Octal permission bits, e.g. {@code 0640} (quoted or not). */
    MODE,
    /** One of {@link ArgSpec#choices()}. */
    CHOICE,
    /** A path relative to the role's {@link ArgSpec#roleDir()} ({@code files} or {@code templates}). */
    ROLE_FILE,
    /** Text that is a secret: travels only inside step scripts, masked in all output. */
    SECRET,
    /** Structured data (a map, a list of maps) passed as it is: written as exactly one variable, {{ name }}. */
    DATA
}
