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
    private final int count;
    private final String prefix;
    private final List<String> rootPasswords;
    private TestHosts hosts;

    public TestHostsExtension(int count) { this(count, "host"); }

    public TestHostsExtension(int count, String prefix) { this(count, prefix, List.of()); }

    /**
     * Hosts whose root passwords are the given ones, in order (for hostile-input tests); hosts
     * past the list get random ones. A password cannot hold a line break (chpasswd reads lines).
     */
    public TestHostsExtension(int count, String prefix, List<String> rootPasswords) {
        this.count = count;
        this.prefix = prefix;
        this.rootPasswords = List.copyOf(rootPasswords);
    }

    @Override
    public void beforeAll(ExtensionContext context) { hosts = TestHosts.start(count, prefix, rootPasswords); }

    @Override
    public void afterAll(ExtensionContext context) {
        if (hosts != null) hosts.close();
    }

    public List<TestHost> all() { return hosts.hosts(); }

    public TestHost get(int i) { return hosts.get(i); }
}
