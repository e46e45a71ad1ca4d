package org.omnileads.deploy.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;

/**
 * Files the roles expect the engine to place before they run (see docs/roles-omnileads.md):
 * the OMniLeads release on the app host, the dialer's web archive on the dialer host, and the
 * Asterisk build kept in a workstation cache so only the first host of a kind compiles it.
 */
public final class Artifacts {
    /** Where the roles look for uploaded artifacts. */
    public static final String HOST_CACHE = "/var/cache/omnileads";

    private final Consumer<String> progress;

    public Artifacts(Consumer<String> progress) { this.progress = progress; }

    /**
     * Uploads a release (a tarball as it is, a directory packed as one) to {@code remotePath}.
     *
     * @return what {@code my_inventory} records of it ({@link InstalledArtifacts#describe})
     */
    public String placeRelease(RemoteHost host, Path release, String remotePath) throws IOException, SshException {
        Path archive = Files.isDirectory(release) ? tarGz(release) : release;
        try {
            upload(host, archive, remotePath, "OMniLeads release " + release.getFileName());
            return InstalledArtifacts.describe(release, archive);
        } finally {
            if (!archive.equals(release)) Files.deleteIfExists(archive);
        }
    }

    /**
     * Uploads the dialer's web archive (a .war as it is, a directory zipped as one).
     *
     * @return what {@code my_inventory} records of it ({@link InstalledArtifacts#describe})
     */
    public String placeWebArchive(RemoteHost host, Path war, String remotePath) throws IOException, SshException {
        Path archive = Files.isDirectory(war) ? zip(war) : war;
        try {
            upload(host, archive, remotePath, "dialer web archive " + war.getFileName());
            return InstalledArtifacts.describe(war, archive);
        } finally {
            if (!archive.equals(war)) Files.deleteIfExists(archive);
        }
    }

    /**
     * Before the asterisk role: when the workstation cache holds the build for this host's OS
     * and architecture and the host lacks it, upload it, so the role skips the compile.
     *
     * @return the cache file for this host (present or not), for {@link #keepAsteriskBuild}
     */
    public Path offerAsteriskBuild(RemoteHost host, Path cacheDir, String version, String remotePath) throws IOException, SshException {
        String platform = platform(host);
        Path cached = cacheDir.resolve("asterisk-" + version + "-" + platform + ".tar.gz");
        if (Files.exists(cached) && !exists(host, remotePath)) {
            upload(host, cached, remotePath, "Asterisk " + version + " build from the cache (" + platform + ")");
        }
        return cached;
    }

    /** After the asterisk role: keeps the host's build in the workstation cache when it is not there yet. */
    public void keepAsteriskBuild(RemoteHost host, Path cached, String remotePath) throws IOException, SshException {
        if (Files.exists(cached) || !exists(host, remotePath)) return;
        Files.createDirectories(cached.getParent());
        // Base64 over an exec channel: the transport has no download, and the build is a few MB.
        CommandResult r = host.exec(RemoteCommand.of("base64", "-w0", remotePath).withTimeout(Duration.ofMinutes(5)));
        if (!r.ok()) throw new IOException("cannot read " + remotePath + " on " + host.host().name() + ": " + r.stderr().strip());
        Path tmp = Files.createTempFile(cached.getParent(), ".asterisk", ".tmp");
        Files.write(tmp, Base64.getDecoder().decode(r.stdout().strip()));
        Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        progress.accept("kept the Asterisk build of " + host.host().name() + " in " + cached);
    }

    /** The workstation's cache of builds: {@code $XDG_CACHE_HOME/oml-deploy}, else {@code ~/.cache/oml-deploy}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("oml-deploy");
    }

    private static String platform(RemoteHost host) throws SshException, IOException {
        CommandResult r = host.exec(RemoteCommand.script(". /etc/os-release; printf '%s-%s-%s' \"$ID\" \"$VERSION_ID\" \"$(dpkg --print-architecture 2>/dev/null || uname -m)\""));
        String p = r.stdout().strip();
        if (!r.ok() || !p.matches("[A-Za-z0-9._-]+")) throw new IOException("cannot tell the OS of " + host.host().name() + ": " + r.stderr().strip());
        return p;
    }

    private static boolean exists(RemoteHost host, String path) throws SshException {
        return host.exec(RemoteCommand.of("test", "-s", path)).ok();
    }

    private void upload(RemoteHost host, Path file, String remotePath, String what) throws IOException, SshException {
        String dir = remotePath.substring(0, Math.max(1, remotePath.lastIndexOf('/')));
        CommandResult mk = host.exec(RemoteCommand.of("mkdir", "-p", dir));
        if (!mk.ok()) throw new IOException("cannot create " + dir + " on " + host.host().name() + ": " + mk.stderr().strip());
        progress.accept(host.host().name() + ": uploading " + what + " (" + Files.size(file) / 1024 + " KiB) to " + remotePath);
        try (InputStream in = Files.newInputStream(file)) {
            host.upload(in, remotePath, 0600, null, null);
        }
    }

    /** Packs a directory with the workstation's tar (argument list, no shell). */
    static Path tarGz(Path dir) throws IOException {
        Path out = Files.createTempFile("oml-release", ".tar.gz");
        Process p = new ProcessBuilder(List.of("tar", "-C", dir.toString(), "-czf", out.toString(), "."))
                .redirectErrorStream(true).start();
        try {
            String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("cannot pack " + dir + ": " + msg.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while packing " + dir);
        }
        return out;
    }

    static Path zip(Path dir) throws IOException {
        Path out = Files.createTempFile("oml-dialer", ".war");
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(os); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
                // The file's own time, not now: the same directory must give the same archive, or
                // every run would redeploy the dialer.
                e.setTime(Files.getLastModifiedTime(f).toMillis());
                z.putNextEntry(e);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return out;
    }
}
