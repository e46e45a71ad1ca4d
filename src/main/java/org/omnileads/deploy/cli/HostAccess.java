package org.omnileads.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.ssh.Connections;
import org.omnileads.deploy.ssh.ConnectOptions;
import org.omnileads.deploy.ssh.HostConnector;
import org.omnileads.deploy.ssh.CopyId;
import org.omnileads.deploy.ssh.Credentials;
import org.omnileads.deploy.ssh.HostFailure;
import org.omnileads.deploy.ssh.HostKeyPolicy;
import org.omnileads.deploy.ssh.KnownHosts;
import org.omnileads.deploy.ssh.PasswordFile;
import org.omnileads.deploy.ssh.PasswordPrompt;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;

/**
 * Logs in to every host of an inventory as the command-line options say: password file or
 * terminal prompts (no echo, inventory order), known_hosts (the lab's own for a lab inventory).
 */
final class HostAccess implements AutoCloseable {
    /** First line of an inventory written by {@code deploy lab up}. */
    static final String LAB_HEADER = "# lab inventory written by";

    private final HostConnector connector;
    private final Connections connections;

    private HostAccess(HostConnector connector, Connections connections) {
        this.connector = connector;
        this.connections = connections;
    }

    Connections connections() { return connections; }

    /** True for an inventory that {@code deploy lab up} wrote: it keeps host keys in lab/known_hosts. */
    static boolean isLabInventory(Path inventory) {
        try (var lines = Files.lines(inventory)) {
            return lines.findFirst().map(l -> l.startsWith(LAB_HEADER)).orElse(false);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    static Path knownHostsFile(RunOptionsMixin o, Inventory inv) {
        if (o.knownHosts != null) return o.knownHosts;
        if (isLabInventory(inv.source())) return inv.source().toAbsolutePath().getParent().resolve("known_hosts");
        return null;
    }

    /**
     * Connects to every host; failures are in {@link Connections#failures()}.
     *
     * @throws IOException when the password file cannot be used (named in the message)
     */
    static HostAccess open(Inventory inv, RunOptionsMixin o, Terminal t) throws IOException {
        PasswordPrompt passwords;
        if (o.passwordFile != null) {
            PasswordFile pf = PasswordFile.read(o.passwordFile);
            t.redactor().addAll(pf.passwords());
            passwords = pf.asPrompt();
        } else {
            passwords = (host, attempt, previous) -> {
                if (previous != null) t.error(host.label() + ": " + previous);
                char[] pw = t.readSecret("root password for " + host.name() + " (" + host.address() + ")"
                        + (attempt > 1 ? " [try " + attempt + " of " + PasswordPrompt.ATTEMPTS + "]" : "") + ": ");
                if (pw == null) return null;
                String s = new String(pw);
                t.redactor().add(s);
                return s;
            };
        }
        if (o.samePassword) passwords = PasswordPrompt.sameForAll(passwords);
        Path khFile = knownHostsFile(o, inv);
        KnownHosts kh = khFile != null ? new KnownHosts(khFile) : KnownHosts.atDefaultPlace();
        HostKeyPolicy keys = o.acceptNewHostKeys ? HostKeyPolicy.acceptNew(kh)
                : HostKeyPolicy.ask(kh, (host, type, fp) -> {
                    if (!t.interactive()) {
                        t.error(host.label() + ": unknown host key " + type + " " + fp
                                + "; no terminal to ask: pass --accept-new-host-keys to record it");
                        return false;
                    }
                    t.println("The host key of " + host.label() + " is not known yet.");
                    t.println("  " + type + " key fingerprint is " + fp);
                    return t.confirm("Trust it and record it in " + kh.file() + "?");
                });
        Credentials creds = Credentials.withUserKeys(passwords, t.redactor(), msg -> t.error("note: " + msg));
        HostConnector connector = HostConnector.open(ConnectOptions.of(keys, creds).withNotices(msg -> t.error("note: " + msg)),
                o.keepSessions);
        return new HostAccess(connector, connector.connectAll(inv.hosts()));
    }

    /** Prints each failed host with its cause and fix; returns true when every host is connected. */
    boolean report(Terminal t) { return report(connections, t); }

    static boolean report(Connections connections, Terminal t) {
        for (HostFailure f : connections.failures()) {
            SshException e = f.error();
            t.error("error: " + e.getMessage());
            if (e.fix() != null && !e.fix().isEmpty()) t.error("    what to do: " + e.fix());
        }
        return connections.ok();
    }

    /** {@code --copy-id}: the workstation's public key for root on every connected host. */
    void copyId(Terminal t) throws IOException, SshException {
        String line = CopyId.publicKeyLine();
        for (var e : connections.sessions().entrySet()) {
            boolean added = CopyId.install(e.getValue(), line);
            t.println(e.getKey().name() + ": " + (added ? "public key installed for root" : "public key already there"));
        }
    }

    List<Host> connectedHosts() { return List.copyOf(connections.sessions().keySet()); }

    RemoteHost session(Host h) { return connections.sessions().get(h); }

    @Override
    public void close() {
        connections.close();
        connector.close();
    }
}
