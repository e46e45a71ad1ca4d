package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.SshException.Cause;

/** Connect failures are named from the exception chain (the host tests meet the real ones). */
class FailureNamesTest {
    static final Host X = new Host("db", "db.invalid", 22, "root", 1);

    @Test
    void eachNetworkFailureHasItsName() {
        assertEquals(Cause.NAME_NOT_RESOLVED, Connector.classify(X, new IOException(new UnknownHostException("db.invalid"))).kind());
        assertEquals(Cause.CONNECTION_REFUSED, Connector.classify(X, new SshException(new ConnectException("Connection refused"))).kind());
        assertEquals(Cause.TIMED_OUT, Connector.classify(X, new ConnectException("Connection timed out")).kind());
        assertEquals(Cause.HOST_UNREACHABLE, Connector.classify(X, new NoRouteToHostException("No route to host")).kind());
        assertEquals(Cause.OTHER, Connector.classify(X, new IOException("something else")).kind());
    }

    @Test
    void messagesNameTheHostAndEveryCauseSaysWhatToDo() {
        var e = Connector.classify(X, new ConnectException("Connection refused"));
        assertTrue(e.getMessage().startsWith("db (db.invalid): connection refused"), e.getMessage());
        for (Cause c : Cause.values()) if (c != Cause.OTHER) assertTrue(!c.fix().isBlank(), c + " has no fix");
    }
}
