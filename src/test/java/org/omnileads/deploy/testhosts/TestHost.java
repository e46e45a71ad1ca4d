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
    private volatile String address;
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

    /** True when dpkg has {@code pkg} installed on the host. */
    public boolean hasPackage(String pkg) {
        return execInside("dpkg-query", "-W", "-f=${db:Status-Abbrev}", pkg).getStdout().startsWith("ii");
    }

    /** True when a process of the host has exactly this command line (arguments joined by spaces). */
    public boolean runs(String commandLine) {
        String all = shInside("for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done").getStdout();
        return all.lines().anyMatch(l -> l.strip().equals(commandLine));
    }

    /** Freezes every process of the host (the engine's pause): it still answers TCP, never SSH. */
    public void pause() { container.getDockerClient().pauseContainerCmd(containerId()).exec(); }

    public void unpause() { container.getDockerClient().unpauseContainerCmd(containerId()).exec(); }

    /** Kills the host at once, like pulling its power cable. */
    public void kill() { container.getDockerClient().killContainerCmd(containerId()).exec(); }

    /** Boots a killed host again and waits until sshd answers; its address may change (read {@link #address()} again). */
    public void start() {
        // The engine answers a kill before the container is down; a start before that is refused.
        for (int i = 0; i < 100 && Boolean.TRUE.equals(container.getDockerClient().inspectContainerCmd(containerId()).exec().getState().getRunning()); i++) {
            TestHosts.sleep(100);
        }
        container.getDockerClient().startContainerCmd(containerId()).exec();
        address = TestHosts.addressOf(container.getDockerClient().inspectContainerCmd(containerId()).exec());
        try {
            TestHosts.waitForSsh(name, container, address);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not come back: " + e.getMessage(), e);
        }
    }

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
     * Runs a script that holds secrets inside the container: it travels as a file in
     * {@code /dev/shm} (memory, mode 0700, removed afterwards), never in an argument list, so a
     * test's own checks cannot put a password into a process list or onto the host's disk.
     */
    public ExecResult scriptInside(String script) {
        String path = "/dev/shm/oml-test-" + java.util.UUID.randomUUID() + ".sh";
        copyInside(script, 0700, path);
        try {
            return execInside("sh", path);
        } finally {
            execInside("rm", "-f", path);
        }
    }

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
