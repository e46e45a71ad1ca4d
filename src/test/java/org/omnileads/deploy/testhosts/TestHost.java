package org.omnileads.deploy.testhosts;

import java.io.IOException;
import java.util.List;
import org.omnileads.deploy.inventory.Host;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * One real target host for a test: a Debian 12 container with systemd and sshd, its own
 * address on the engine's bridge, and a fresh random root password.
 */
public final class TestHost {
    private final String name;
    private final String address;
    private final String rootPassword;
    private final GenericContainer<?> container;

    TestHost(String name, String address, String rootPassword, GenericContainer<?> container) {
        this.name = name;
        this.address = address;
        this.rootPassword = rootPassword;
        this.container = container;
    }

    public String name() { return name; }

    public String address() { return address; }

    public int sshPort() { return 22; }

    public String rootPassword() { return rootPassword; }

    public String containerId() { return container.getContainerId(); }

    /** The host as an inventory would name it. */
    public Host asInventoryHost() { return new Host(name, address, 22, "root", 0); }

    /**
     * Runs a command inside the container, outside SSH: for test set-up and for checking
     * what the deployer did. Never used by the code under test.
     */
    public ExecResult execInside(String... argv) {
        try {
            return container.execInContainer(argv);
        } catch (IOException e) {
            throw new IllegalStateException("exec in " + name + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs a shell snippet inside the container (test set-up only). */
    public ExecResult shInside(String script) { return execInside("sh", "-c", script); }

    /**
     * Writes a file inside the container with the given mode, through the engine's copy API:
     * how a test hands a secret to a client without putting it in an argument list.
     */
    public void copyInside(String content, int mode, String path) {
        container.copyFileToContainer(org.testcontainers.images.builder.Transferable.of(content, mode), path);
    }

    GenericContainer<?> container() { return container; }

    @Override public String toString() { return name + "(" + address + ")"; }

    static List<String> names(List<TestHost> hosts) { return hosts.stream().map(TestHost::name).toList(); }
}
