package org.omnileads.deploy.tasks;

/** What a task decided from the facts. */
public sealed interface Plan {
    /** The host already is as wanted. */
    record Ok(String detail) implements Plan {}

    /** The task does not apply here (e.g. a guard says so). */
    record Skip(String reason) implements Plan {}

    /**
     * The host must change.
     *
     * @param summary           one line saying what changes, e.g. "create /etc/x (mode 0640)"
     * @param diff              a unified diff for files, or null; the output layer masks secrets in it
     * @param step              the commands that make the change
     * @param dependsOnEarlier  true when the facts may be stale after an earlier change in the same run
     *                          (guarded commands, database objects): check mode reports "unknown" then
     */
    record Change(String summary, String diff, Step step, boolean dependsOnEarlier) implements Plan {}
}
