package org.omnileads.deploy.testhosts;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.omnileads.deploy.secrets.PasswordGenerator;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts N fresh target hosts from {@code Dockerfile.test} through Testcontainers (podman's
 * Docker API socket here, a Docker engine elsewhere) and removes them on {@link #close()}.
 * Ryuk is disabled on podman, so removal is this class's job, even when the test fails.
 */
public final class TestHosts implements AutoCloseable {
    /** Name given to the image built from Dockerfile.test. */
    public static final String IMAGE = "localhost/oml-test-host:latest";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static volatile boolean imageBuilt;

    private final List<TestHost> hosts;

    private TestHosts(List<TestHost> hosts) { this.hosts = hosts; }

    public List<TestHost> hosts() { return hosts; }

    public TestHost get(int i) { return hosts.get(i); }

    /** Starts {@code count} hosts named {@code prefix1..prefixN}, in parallel, and waits until sshd answers on each. */
    public static TestHosts start(int count, String prefix) { return start(count, prefix, false); }

    /** As {@link #start(int, String)}, the first hosts getting the given root passwords. */
    public static TestHosts start(int count, String prefix, List<String> rootPasswords) {
        return start(numbered(count, prefix), false, rootPasswords);
    }

    /**
     * As {@link #start(int, String)}; with {@code fixedAddresses} each host gets a static
     * address on the engine's default network, so it keeps it across {@link #restartAll()}
     * (podman gives a restarted container a new dynamic address otherwise). A block of
     * addresses taken by another container is given up for another random one.
     */
    public static TestHosts start(int count, String prefix, boolean fixedAddresses) {
        return start(numbered(count, prefix), fixedAddresses, List.of());
    }

    static List<String> numbered(int count, String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) names.add(prefix + i);
        return names;
    }

    /**
     * Starts one host per name (its host name too), as {@link #start(int, String, boolean)}; the
     * first hosts get the given root passwords (one line each), the others random ones.
     */
    public static TestHosts start(List<String> names, boolean fixedAddresses, List<String> rootPasswords) {
        for (String p : rootPasswords) {
            if (p.isEmpty() || p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) throw new IllegalArgumentException("a root password is one non-empty line");
        }
        if (!fixedAddresses) return startAt(names, null, rootPasswords);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                return startAt(names, StaticAddresses.block(names.size()), rootPasswords);
            } catch (IllegalStateException e) {
                if (!StaticAddresses.isTaken(e)) throw e;
                last = e;
            }
        }
        throw last;
    }

    private static TestHosts startAt(List<String> names, List<String> addresses, List<String> rootPasswords) {
        ensureImage();
        List<GenericContainer<?>> containers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(names.size(), 5));
        try {
            List<Future<TestHost>> futures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                GenericContainer<?> c = newContainer(name);
                if (addresses != null) StaticAddresses.assign(c, addresses.get(i));
                containers.add(c);
                String password = i < rootPasswords.size() ? rootPasswords.get(i) : PasswordGenerator.generate(20);
                futures.add(pool.submit(() -> boot(name, c, password)));
            }
            List<TestHost> out = new ArrayList<>();
            for (Future<TestHost> f : futures) out.add(f.get());
            return new TestHosts(out);
        } catch (Exception e) {
            containers.forEach(TestHosts::stopQuietly);
            throw new IllegalStateException("could not start test hosts: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> newContainer(String name) {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withPrivilegedMode(true)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(name))
                .withLabel("org.omnileads.deploy.test", "true")
                .withCommand("/sbin/init")
                .withStartupTimeout(BOOT_TIMEOUT);
    }

    /**
     * Restarts every host (systemd shuts down and boots again, as on a reboot), in parallel,
     * and waits until sshd answers again. Needs hosts started with fixed addresses.
     */
    public void restartAll() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(hosts.size(), 5));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TestHost h : hosts) futures.add(pool.submit(() -> { restart(h); return null; }));
            for (Future<?> f : futures) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the test hosts: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void restart(TestHost h) throws Exception {
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        docker.restartContainerCmd(h.containerId()).withTimeout(30).exec();
        String now = addressOf(h.container().getDockerClient().inspectContainerCmd(h.containerId()).exec());
        if (!now.equals(h.address())) throw new IllegalStateException(h.name() + " came back as " + now + ", not " + h.address());
        waitForSsh(h.name(), h.container(), h.address());
    }

    /**
     * Gives host {@code i} a new address, keeping its disk and running system: the network
     * attachment is removed and made again with {@code address} (what moving a machine to
     * another address does to it). Services bound to the old address stay bound to it, and
     * {@code /etc/hosts} keeps what it held (only the engine's own entry follows the move).
     */
    public TestHost readdress(int i, String address) {
        TestHost old = hosts.get(i);
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        String network = StaticAddresses.network();
        // Podman rewrites the container's /etc/hosts on connect (its own entry, duplicates merged,
        // other lines reformatted); a machine given a new address keeps the file as it was. So the
        // file is put back afterwards, with only the engine's own entry (tab-separated) following.
        String hostsBefore = old.execInside("cat", "/etc/hosts").getStdout();
        try {
            docker.disconnectFromNetworkCmd().withContainerId(old.containerId()).withNetworkId(network).withForce(true).exec();
            docker.connectToNetworkCmd().withContainerId(old.containerId()).withNetworkId(network)
                    .withContainerNetwork(new ContainerNetwork().withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address)))
                    .exec();
            String now = addressOf(docker.inspectContainerCmd(old.containerId()).exec());
            if (!now.equals(address)) throw new IllegalStateException(old.name() + " has " + now + " after the move, not " + address);
            old.copyInside(hostsBefore.replaceAll("(?m)^" + java.util.regex.Pattern.quote(old.address()) + "\t", address + "\t"), 0644, "/tmp/hosts.moved");
            old.execInside("sh", "-c", "cat /tmp/hosts.moved > /etc/hosts && rm -f /tmp/hosts.moved");
            waitForSsh(old.name(), old.container(), address);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not move " + old + " to " + address + ": " + e.getMessage(), e);
        }
        TestHost moved = new TestHost(old.name(), address, old.rootPassword(), old.container());
        hosts.set(i, moved);
        return moved;
    }

    private static TestHost boot(String name, GenericContainer<?> c, String password) throws Exception {
        c.start();
        // The password reaches chpasswd through a file, never through an argument list.
        c.copyFileToContainer(Transferable.of("root:" + password + "\n", 0600), "/run/oml-root-password");
        var set = c.execInContainer("sh", "-c", "chpasswd < /run/oml-root-password; rc=$?; rm -f /run/oml-root-password; exit $rc");
        if (set.getExitCode() != 0) throw new IllegalStateException(name + ": chpasswd failed: " + set.getStderr());
        String address = addressOf(c);
        waitForSsh(name, c, address);
        return new TestHost(name, address, password, c);
    }

    static String addressOf(GenericContainer<?> c) { return addressOf(c.getContainerInfo()); }

    /** The container's address on the engine's bridge, from a fresh inspection (it may change after a restart). */
    static String addressOf(InspectContainerResponse info) {
        for (ContainerNetwork n : info.getNetworkSettings().getNetworks().values()) {
            if (n.getIpAddress() != null && !n.getIpAddress().isEmpty()) return n.getIpAddress();
        }
        throw new IllegalStateException("container " + info.getId() + " has no IP address");
    }

    static void waitForSsh(String name, GenericContainer<?> c, String address) throws Exception {
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            var r = c.execInContainer("systemctl", "is-active", "ssh");
            if (r.getStdout().trim().equals("active") && portOpen(address, 22)) return;
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + ": sshd did not become active within " + BOOT_TIMEOUT.toSeconds() + " s");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean portOpen(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Builds the host image from Dockerfile.test once per JVM (the engine's layer cache makes repeats cheap). */
    static synchronized void ensureImage() {
        if (imageBuilt) return;
        Path dockerfile = findDockerfile();
        String base = System.getenv().getOrDefault("OML_BASE_IMAGE", "localhost/oml-debian-base:bookworm");
        new ImageFromDockerfile(IMAGE, false)
                .withDockerfile(dockerfile)
                .withBuildArg("BASE", base)
                .get();
        imageBuilt = true;
    }

    private static Path findDockerfile() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("Dockerfile.test"))) return p.resolve("Dockerfile.test");
            p = p.getParent();
        }
        throw new IllegalStateException("Dockerfile.test not found above " + Path.of("").toAbsolutePath());
    }

    private static void stopQuietly(GenericContainer<?> c) {
        try {
            c.stop();
        } catch (RuntimeException ignored) {
            // Best effort: the container may never have started.
        }
    }

    @Override
    public void close() {
        hosts.forEach(h -> stopQuietly(h.container()));
    }
}
