package org.omnileads.deploy.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.secrets.PasswordGenerator;

/**
 * Local lab hosts for trying a layout on one machine: Debian 12 containers with systemd and
 * sshd built from {@code Dockerfile.test}, one per inventory host of the chosen topology.
 * The lab directory keeps {@code inventory}, {@code passwords} (0600) and its own
 * {@code known_hosts}, so lab host keys never reach the operator's {@code ~/.ssh/known_hosts}.
 */
public final class Lab {
    public static final String IMAGE = "localhost/oml-test-host:latest";
    public static final String LABEL = "org.omnileads.deploy.lab";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

    private final ContainerEngine engine;
    private final Path dir;
    private final Consumer<String> progress;

    public Lab(ContainerEngine engine, Path dir, Consumer<String> progress) {
        this.engine = engine;
        this.dir = dir.toAbsolutePath().normalize();
        this.progress = progress;
    }

    public Path dir() { return dir; }

    public Path inventoryFile() { return dir.resolve("inventory"); }

    public Path passwordFile() { return dir.resolve("passwords"); }

    public Path knownHostsFile() { return dir.resolve("known_hosts"); }

    /** Host names and their groups for each layout: the inventory template's names. */
    public static Map<String, List<String>> layout(Topology topology) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        InventoryTemplate.layout(topology).forEach((name, comps) ->
                m.put(name, comps.size() == Component.values().length ? List.of("prodenv-aio") : comps.stream().map(Component::group).toList()));
        return m;
    }

    /**
     * Starts the hosts of a layout (replacing any lab hosts of this directory), sets a fresh root
     * password on each, waits for sshd, and returns the hosts with their addresses. Passwords are
     * written to {@link #passwordFile()} only.
     */
    public List<LabHost> up(Topology topology) throws LabException {
        Instant start = Instant.now();
        ensureImage();
        down();
        Map<String, List<String>> layout = layout(topology);
        Map<String, String> passwords = new LinkedHashMap<>();
        layout.keySet().forEach(n -> passwords.put(n, PasswordGenerator.generate(24)));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(layout.size(), 5));
        List<LabHost> hosts = new ArrayList<>();
        try {
            List<Future<LabHost>> futures = new ArrayList<>();
            for (var e : layout.entrySet()) {
                futures.add(pool.submit(() -> startHost(e.getKey(), e.getValue(), passwords.get(e.getKey()))));
            }
            for (Future<LabHost> f : futures) hosts.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
            down();
            Throwable c = e.getCause();
            if (c instanceof LabException le) throw le;
            throw new LabException("a lab host did not start: " + c.getMessage(), "see `" + engine.program() + " ps -a`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            down();
            throw new LabException("interrupted while starting lab hosts", "");
        } finally {
            pool.shutdownNow();
        }
        writePasswords(passwords);
        progress.accept(hosts.size() + " lab host(s) up in " + Duration.between(start, Instant.now()).toMillis() / 1000.0 + " s");
        return hosts;
    }

    private LabHost startHost(String name, List<String> groups, String password) throws LabException {
        String container = containerName(name);
        progress.accept("starting " + name);
        engine.check(List.of("run", "-d", "--name", container, "--hostname", name, "--privileged",
                "--label", LABEL + "=" + dir, "--label", LABEL + ".groups=" + String.join(",", groups),
                IMAGE, "/sbin/init"), null);
        // The password reaches chpasswd on standard input, never in an argument list.
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        while (true) {
            var r = engine.run(List.of("exec", "-i", container, "chpasswd"),
                    ("root:" + password + "\n").getBytes(StandardCharsets.UTF_8));
            if (r.ok()) break;
            if (r.stderr().contains("state improper")) {
                // systemd exited at once: seen when the inotify instance limit is used up by other hosts.
                throw new LabException(name + ": the host stopped while booting",
                        "run `sudo scripts/test-hosts-setup.sh` (it raises fs.inotify.max_user_instances), then try again; "
                                + "its boot log: " + engine.program() + " logs " + container);
            }
            if (Instant.now().isAfter(deadline)) throw new LabException(name + ": could not set the root password: " + r.stderr().strip(), "");
            sleep(200);
        }
        String address = addressOf(container);
        while (!sshAnswers(address)) {
            if (Instant.now().isAfter(deadline)) {
                throw new LabException(name + ": sshd did not answer on " + address + ":22 within " + BOOT_TIMEOUT.toSeconds() + " s",
                        "look inside with `" + engine.program() + " exec -it " + container + " systemctl status ssh`");
            }
            sleep(200);
        }
        return new LabHost(name, container, address, "running", groups);
    }

    private String addressOf(String container) throws LabException {
        String out = engine.check(List.of("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container), null).trim();
        if (out.isEmpty()) out = engine.check(List.of("inspect", "-f", "{{.NetworkSettings.IPAddress}}", container), null).trim();
        if (out.isEmpty()) throw new LabException(container + " has no IP address", "check the engine's default network");
        return out.split("\\s+")[0];
    }

    /**
     * {@code oml-lab-XXXXXX-NAME}: container names are global to the engine, so two lab directories
     * (a demo and a test) holding the same host names must not collide.
     */
    String containerName(String host) {
        String h = Integer.toHexString(dir.toString().hashCode() & 0xffffff);
        return "oml-lab-" + "0".repeat(6 - h.length()) + h + "-" + host;
    }

    /** Lists this lab's hosts, running or not. */
    public List<LabHost> status() throws LabException {
        String out = engine.check(List.of("ps", "-a", "--filter", "label=" + LABEL + "=" + dir,
                "--format", "{{.Names}}"), null);
        List<LabHost> hosts = new ArrayList<>();
        for (String container : out.lines().map(String::trim).filter(s -> !s.isEmpty()).sorted().toList()) {
            String info = engine.check(List.of("inspect", "-f",
                    "{{.Config.Hostname}}|{{.State.Status}}|{{index .Config.Labels \"" + LABEL + ".groups\"}}", container), null).trim();
            String[] f = info.split("\\|", -1);
            String address = f[1].equals("running") ? addressOf(container) : "";
            hosts.add(new LabHost(f[0], container, address, f[1], f[2].isEmpty() ? List.of() : List.of(f[2].split(","))));
        }
        return hosts;
    }

    /** Removes this lab's hosts and the files that only made sense for them. */
    public int down() throws LabException {
        List<LabHost> hosts = status();
        for (LabHost h : hosts) {
            // podman sometimes loses the race between its stop timeout and the container's exit
            // ("container state improper"); a second removal of the now stopped container works.
            if (!engine.run(List.of("rm", "-f", "-t", "2", h.container()), null).ok()) {
                sleep(500);
                engine.check(List.of("rm", "-f", h.container()), null);
            }
        }
        try {
            // New hosts get new host keys; stale entries would be refused as changed keys.
            Files.deleteIfExists(knownHostsFile());
            Files.deleteIfExists(passwordFile());
        } catch (IOException e) {
            throw new LabException("cannot clean " + dir + ": " + e.getMessage(), "");
        }
        return hosts.size();
    }

    /** Builds the host image from the Dockerfile.test bundled in the jar when the engine lacks it. */
    private void ensureImage() throws LabException {
        if (engine.run(List.of("image", "exists", IMAGE), null).ok()
                || engine.run(List.of("image", "inspect", IMAGE), null).ok()) return;
        String base = System.getenv().getOrDefault("OML_BASE_IMAGE", "localhost/oml-debian-base:bookworm");
        if (base.startsWith("localhost/") && !engine.run(List.of("image", "inspect", base), null).ok()) {
            throw new LabException("the base image " + base + " is missing",
                    "run `sudo scripts/test-hosts-setup.sh` (makes it with debootstrap), or set OML_BASE_IMAGE=debian:bookworm where images can be pulled");
        }
        progress.accept("building " + IMAGE + " from Dockerfile.test");
        try (InputStream in = Lab.class.getResourceAsStream("/lab/Dockerfile.test")) {
            if (in == null) throw new LabException("Dockerfile.test is not inside this build", "rebuild with mvn package");
            Path ctx = Files.createTempDirectory("oml-lab-image");
            try {
                Files.copy(in, ctx.resolve("Dockerfile"), StandardCopyOption.REPLACE_EXISTING);
                engine.check(List.of("build", "-q", "-t", IMAGE, "--build-arg", "BASE=" + base, ctx.toString()), null);
            } finally {
                Files.deleteIfExists(ctx.resolve("Dockerfile"));
                Files.deleteIfExists(ctx);
            }
        } catch (IOException e) {
            throw new LabException("cannot build the lab image: " + e.getMessage(), "");
        }
    }

    private void writePasswords(Map<String, String> passwords) throws LabException {
        StringBuilder sb = new StringBuilder("# root passwords of the lab hosts, for --password-file\n");
        passwords.forEach((n, p) -> sb.append(n).append('=').append(p).append('\n'));
        writePrivate(passwordFile(), sb.toString());
    }

    /** Writes a file readable by its owner only, atomically. */
    public static void writePrivate(Path file, String content) throws LabException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), "");
        }
    }

    private static boolean sshAnswers(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 22), 1000);
            s.setSoTimeout(2000);
            byte[] banner = s.getInputStream().readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) throws LabException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", "");
        }
    }
}
