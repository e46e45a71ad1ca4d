package org.omnileads.deploy.ssh;

import java.util.Objects;

/**
 * What to do with host keys. A known key passes; a changed or revoked key is always refused; an unknown key is
 * recorded when {@code acceptNew} (OpenSSH's {@code StrictHostKeyChecking=accept-new}), else shown to
 * {@code prompt}, else refused. There is deliberately no way to accept every key.
 *
 * @param prompt asks about unknown keys; null means nobody can be asked
 */
public record HostKeyPolicy(KnownHosts knownHosts, boolean acceptNew, HostKeyPrompt prompt) {
    public HostKeyPolicy {
        Objects.requireNonNull(knownHosts, "knownHosts");
    }

    /** Unknown keys are shown to the operator. */
    public static HostKeyPolicy ask(KnownHosts knownHosts, HostKeyPrompt prompt) {
        return new HostKeyPolicy(knownHosts, false, Objects.requireNonNull(prompt, "prompt"));
    }

    /** Unknown keys are recorded without asking ({@code --accept-new-host-keys}). */
    public static HostKeyPolicy acceptNew(KnownHosts knownHosts) { return new HostKeyPolicy(knownHosts, true, null); }

    /** Only keys already in the file pass. */
    public static HostKeyPolicy knownOnly(KnownHosts knownHosts) { return new HostKeyPolicy(knownHosts, false, null); }
}
