package org.omnileads.deploy.run;

import java.io.InputStream;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;

/** A session that must never be used: tests where every task plans without facts prove they need no round trip. */
record NoHost(Host host) implements RemoteHost {
    @Override public CommandResult exec(RemoteCommand command) { throw new AssertionError("no command expected on " + host.name()); }

    @Override public void upload(InputStream content, String remotePath, int mode, String owner, String group) {
        throw new AssertionError("no upload expected on " + host.name());
    }

    @Override public long roundTrips() { return 0; }

    @Override public void close() { }
}
