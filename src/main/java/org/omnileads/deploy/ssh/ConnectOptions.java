package org.omnileads.deploy.ssh;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the {@link Connector} connects.
 *
 * @param connectTimeout how long to wait for a host to answer, and for the key exchange
 * @param parallel       hosts connected at the same time
 * @param notices        told about things worth a line on the console (keys added, sessions dropped and
 *                       re-opened, identity files skipped); never given a secret
 * @param passwordReopens a session that drops is logged in again with the password that opened it, so that
 *                       password stays in memory as long as the session; false in the {@link SessionKeeper},
 *                       which keeps no password after a login: a dropped session there is simply gone
 */
public record ConnectOptions(HostKeyPolicy hostKeys, Credentials credentials, Duration connectTimeout, int parallel,
                             Consumer<String> notices, boolean passwordReopens) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLEL = 8;

    public ConnectOptions {
        Objects.requireNonNull(hostKeys, "hostKeys");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1");
        if (notices == null) notices = n -> {};
    }

    public static ConnectOptions of(HostKeyPolicy hostKeys, Credentials credentials) {
        return new ConnectOptions(hostKeys, credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_PARALLEL, null, true);
    }

    public ConnectOptions withConnectTimeout(Duration t) { return new ConnectOptions(hostKeys, credentials, t, parallel, notices, passwordReopens); }

    public ConnectOptions withParallel(int n) { return new ConnectOptions(hostKeys, credentials, connectTimeout, n, notices, passwordReopens); }

    public ConnectOptions withNotices(Consumer<String> n) { return new ConnectOptions(hostKeys, credentials, connectTimeout, parallel, n, passwordReopens); }

    ConnectOptions withoutPasswordReopens() { return new ConnectOptions(hostKeys, credentials, connectTimeout, parallel, notices, false); }
}
