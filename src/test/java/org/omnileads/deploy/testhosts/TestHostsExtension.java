package org.omnileads.deploy.testhosts;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 fixture: {@code @RegisterExtension static TestHostsExtension hosts = new TestHostsExtension(2);}
 * gives the test class N fresh hosts, removed after the class whatever its outcome.
 * Classes using it carry {@code @Tag("hosts")} so unit tests run apart.
 */
public final class TestHostsExtension implements BeforeAllCallback, AfterAllCallback {
    private final List<String> names;
    private final List<String> rootPasswords;
    private boolean fixedAddresses;
    private TestHosts hosts;

    public TestHostsExtension(int count) { this(count, "host"); }

    public TestHostsExtension(int count, String prefix) { this(count, prefix, List.of()); }

    /**
     * Hosts whose root passwords are the given ones, in order (for hostile-input tests); hosts
     * past the list get random ones. A password cannot hold a line break (chpasswd reads lines).
     */
    public TestHostsExtension(int count, String prefix, List<String> rootPasswords) {
        this(TestHosts.numbered(count, prefix), rootPasswords);
    }

    /** One host per name, each with that host name (e.g. the inventory's names of a layout). */
    public TestHostsExtension(List<String> names) { this(names, List.of()); }

    private TestHostsExtension(List<String> names, List<String> rootPasswords) {
        this.names = List.copyOf(names);
        this.rootPasswords = List.copyOf(rootPasswords);
    }

    /** Hosts with static addresses, kept across {@link #restartAll()}. */
    public TestHostsExtension withFixedAddresses() {
        fixedAddresses = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) { hosts = TestHosts.start(names, fixedAddresses, rootPasswords); }

    @Override
    public void afterAll(ExtensionContext context) {
        if (hosts != null) hosts.close();
    }

    public List<TestHost> all() { return hosts.hosts(); }

    public TestHost get(int i) { return hosts.get(i); }

    /** Moves host {@code i} to another address, keeping its disk (see {@link TestHosts#readdress}). */
    public TestHost readdress(int i, String address) { return hosts.readdress(i, address); }

    /** Restarts every host as a reboot would and waits for sshd (see {@link TestHosts#restartAll()}). */
    public void restartAll() {
        if (!fixedAddresses) throw new IllegalStateException("restartAll needs withFixedAddresses(): podman gives restarted hosts new addresses");
        hosts.restartAll();
    }
}
