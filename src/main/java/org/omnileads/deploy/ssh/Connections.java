package org.omnileads.deploy.ssh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Host;

/**
 * The outcome of connecting to every host of an inventory: the sessions that opened, in inventory order, and
 * the hosts that failed. A caller that needs every host calls {@link #requireAll()}; one that reports per host
 * (preflight) reads both.
 */
public record Connections(Map<Host, RemoteHost> sessions, List<HostFailure> failures) implements AutoCloseable {
    public Connections {
        sessions = Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
        failures = List.copyOf(failures);
    }

    public boolean ok() { return failures.isEmpty(); }

    /** Every host's session; when any host failed, closes them all and throws the first failure (the others suppressed). */
    public Map<Host, RemoteHost> requireAll() throws SshException {
        if (ok()) return sessions;
        close();
        SshException first = failures.get(0).error();
        for (HostFailure f : failures.subList(1, failures.size())) first.addSuppressed(f.error());
        throw first;
    }

    @Override
    public void close() { sessions.values().forEach(RemoteHost::close); }
}
