package org.omnileads.deploy.ssh;

import java.util.List;
import java.util.StringJoiner;

/**
 * The one place where remote command lines are built. Every argument is quoted for a POSIX
 * shell; callers pass arguments, never pre-joined strings. Secrets never go here: they travel
 * on standard input or in a file with mode 0600.
 */
public final class Shell {
    private Shell() {}

    /** Quotes one argument for a POSIX shell (single quotes; an inner quote becomes '\''). */
    public static String quote(String arg) {
        if (arg.isEmpty()) return "''";
        if (arg.chars().allMatch(Shell::isSafe)) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Joins quoted arguments into one command line. */
    public static String command(String... argv) { return command(List.of(argv)); }

    public static String command(List<String> argv) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command");
        StringJoiner j = new StringJoiner(" ");
        for (String a : argv) j.add(quote(a));
        return j.toString();
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',' || c == '@' || c == '+' || c == '%';
    }
}
