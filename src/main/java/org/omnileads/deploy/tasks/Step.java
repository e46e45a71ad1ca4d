package org.omnileads.deploy.tasks;

import java.nio.file.Path;
import java.util.List;

/**
 * Commands that converge the host for one task: a POSIX sh fragment run inside the runner's
 * batched apply script (sent on standard input, so secrets in it never show in a process list).
 * Exit status 0 means changed, {@link #NOT_NEEDED} means a guard re-checked at apply time found
 * nothing to do, anything else is a failure. It runs in a subshell, so it may {@code exit}.
 *
 * @param script  the sh fragment
 * @param uploads large local files the runner uploads (SFTP, atomic) before the script runs;
 *                small contents travel inside the script instead
 */
public record Step(String script, List<Upload> uploads) {
    /** Exit status of a step that found, at apply time, that nothing was needed. */
    public static final int NOT_NEEDED = 99;

    public Step {
        uploads = List.copyOf(uploads);
    }

    public Step(String script) { this(script, List.of()); }

    /** A workstation file to place on the host at {@code remotePath} (mode 0600, root) before the script. */
    public record Upload(Path localFile, String remotePath) {}
}
