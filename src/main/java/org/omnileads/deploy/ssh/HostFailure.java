package org.omnileads.deploy.ssh;

import org.omnileads.deploy.inventory.Host;

/** A host that could not be connected to, and why. */
public record HostFailure(Host host, SshException error) {}
