package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.io.InputStream;
import org.omnileads.deploy.inventory.Host;

/**
 * A logged-in connection to one host, held for the whole run. Implementations are thread-safe:
 * several commands may run at once on channels of the same session.
 */
public interface RemoteHost extends AutoCloseable {
    Host host();

    /** Runs one command; throws {@link SshException} only for transport failures, never for a non-zero exit. */
    CommandResult exec(RemoteCommand command) throws SshException;

    /**
     * Writes a file atomically: upload to a temporary name beside it, fsync, owner and mode, rename
     * (or in-place write when the target is a bind mount), then a checksum check.
     *
     * @param mode octal permission bits, e.g. 0640
     * @param owner user name or null to keep root
     * @param group group name or null
     */
    void upload(InputStream content, String remotePath, int mode, String owner, String group) throws SshException, IOException;

    /**
     * What an earlier run learned of this host's facts, kept with the session between runs (by a
     * session keeper); opaque here, null when nothing is kept.
     */
    default byte[] knownFacts() { return null; }

    /** Hands this run's knowledge of the host's facts to the session, which may keep it for the next run. */
    default void knownFacts(byte[] facts) {}

    /** Number of remote round trips (commands and file transfers) made so far. */
    long roundTrips();

    @Override void close();
}
