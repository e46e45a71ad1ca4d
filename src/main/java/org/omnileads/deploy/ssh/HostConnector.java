package org.omnileads.deploy.ssh;

import java.time.Duration;
import java.util.List;
import org.omnileads.deploy.inventory.Host;

/**
 * Where a run's logged-in host sessions come from: logins of this process ({@link Connector}), or
 * sessions a {@link SessionKeeper} holds between runs ({@link KeptSessions}, {@code --keep-sessions}).
 */
public interface HostConnector extends AutoCloseable {
    /**
     * Connects to every host. Never a silent partial success: every host is either in
     * {@link Connections#sessions()} or in {@link Connections#failures()}.
     */
    Connections connectAll(List<Host> hosts);

    /** Ends what this connector opened for the run; kept sessions stay with their keeper. */
    @Override void close();

    /**
     * The connector a run asks for: {@code keep} zero logs in from this process and closes every
     * session with the run; more keeps the sessions in the user's keeper that long after their last
     * use, and takes the ones it already holds.
     */
    static HostConnector open(ConnectOptions options, Duration keep) {
        if (keep.isZero() || keep.isNegative()) return new Connector(options);
        return new KeptSessions(options, KeeperPlace.forUser(), keep);
    }
}
