package org.omnileads.deploy.cli;

/**
 * Whether output is coloured: {@code --color=always|never|auto}; {@code auto} (the default)
 * colours only a terminal that understands ANSI and only when {@code NO_COLOR} is not set
 * (https://no-color.org: set to anything, it means no colour).
 */
public enum Colors {
    AUTO, ALWAYS, NEVER;

    /** Whether this choice colours output whose destination is ({@code terminal}) or is not a terminal. */
    public boolean colour(boolean terminal) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && allowedByEnvironment();
        };
    }

    /** False when {@code NO_COLOR} is set (to anything but an empty string) or {@code TERM=dumb}. */
    public static boolean allowedByEnvironment() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }
}
