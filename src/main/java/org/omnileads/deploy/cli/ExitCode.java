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
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
