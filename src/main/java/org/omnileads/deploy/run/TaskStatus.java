package org.omnileads.deploy.run;

import java.util.Locale;

/** How one task ended on one host. */
public enum TaskStatus {
    /** Already as wanted (or the step found at apply time that nothing was needed). */
    OK,
    /** The step changed the host (in check mode: would change it). */
    CHANGED,
    /** Not applicable here, or done by the run being resumed. */
    SKIPPED,
    /** The step failed; the host stops. */
    FAILED,
    /** Check mode: the task depends on an earlier change, so what it would do cannot be known. */
    UNKNOWN,
    /** Ctrl-C arrived while the task ran. */
    INTERRUPTED,
    /** The session broke while the task ran. */
    UNREACHABLE;

    /** Lower-case word as printed and saved. */
    public String word() { return name().toLowerCase(Locale.ROOT); }

    public static TaskStatus ofWord(String word) { return valueOf(word.toUpperCase(Locale.ROOT)); }

    /** True when the task ended without a problem, so a resumed run need not run it again. */
    public boolean done() { return this == OK || this == CHANGED || this == SKIPPED; }
}
