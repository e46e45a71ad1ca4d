package org.omnileads.deploy.ssh;

import org.omnileads.deploy.inventory.Host;

/**
 * Asks the operator whether to trust a host key seen for the first time. Called in inventory order, one host
 * at a time, never on a network thread.
 */
@FunctionalInterface
public interface HostKeyPrompt {
    /**
     * @param keyType     e.g. {@code ssh-ed25519}
     * @param fingerprint {@code SHA256:...}, as {@code ssh} shows it
     * @return true to trust the key and record it in known_hosts
     */
    boolean accept(Host host, String keyType, String fingerprint);
}
