package org.omnileads.deploy.cli;

/** The documented exit codes of {@code deploy}. */
public final class ExitCode {
    public static final int OK = 0;
    /** A task failed on a host. */
    public static final int TASK_FAILED = 1;
    /** Usage or inventory error: nothing was touched. */
    public static final int USAGE = 2;
    /** A host was unreachable or refused the login. */
    public static final int UNREACHABLE = 3;
    /** An internal error (a bug): said on the console, details written to a file it names. */
    public static final int INTERNAL = 4;
    /** Only with {@code --detailed-exitcode}: the run succeeded and changed something (with --check: would change). */
    public static final int CHANGED = 5;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    /** Every code {@code deploy} exits with; anything else would break the contract documented in --help and docs/. */
    public static final java.util.Set<Integer> ALL = java.util.Set.of(OK, TASK_FAILED, USAGE, UNREACHABLE, INTERNAL, CHANGED, INTERRUPTED);

    private ExitCode() {}
}
