package org.omnileads.deploy.ssh;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Where the user's {@link SessionKeeper} listens, and how it is started. The socket lives in a folder
 * that only the user can enter (0700, owned by the user, checked before every use): whoever can
 * reach the socket can run commands as root on the kept hosts, and a deployer sends passwords to it,
 * so a socket that someone else could have made is never used.
 */
final class KeeperPlace {
    /** Overrides the folder (tests, or an operator who wants the socket elsewhere). */
    static final String DIR_VARIABLE = "OML_DEPLOY_SESSIONS_DIR";
    /** The same as a system property (tests, which cannot set this process's environment). */
    static final String DIR_PROPERTY = "oml.deploy.sessions.dir";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    KeeperPlace(Path dir) { this.dir = dir.toAbsolutePath(); }

    /** {@code $OML_DEPLOY_SESSIONS_DIR} (or {@code -Doml.deploy.sessions.dir}), else {@code $XDG_RUNTIME_DIR/oml-deploy}, else {@code ~/.cache/oml-deploy/sessions}. */
    static KeeperPlace forUser() {
        String given = System.getProperty(DIR_PROPERTY, System.getenv(DIR_VARIABLE));
        if (given != null && !given.isBlank()) return new KeeperPlace(Path.of(given));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) return new KeeperPlace(Path.of(runtime, "oml-deploy"));
        return new KeeperPlace(Path.of(System.getProperty("user.home"), ".cache", "oml-deploy", "sessions"));
    }

    Path dir() { return dir; }

    /**
     * The socket of this build's keeper. A keeper of another build (the deployer was rebuilt or
     * upgraded) speaks another protocol and runs other code: it gets a socket of its own and ends
     * when idle, or with {@code deploy sessions --close}.
     */
    Path socket() { return dir.resolve(SOCKET_PREFIX + BUILD + ".sock"); }

    /** Every keeper socket in the folder, this build's and others'. */
    List<Path> sockets() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("keeper-") && p.getFileName().toString().endsWith(".sock")).sorted().toList();
        }
    }

    /** A connection to a keeper's socket, checked as {@link #connect()} checks its own. */
    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            if (!ours(ch)) throw new IOException(socket + " is served by a process of another user; remove it");
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static final String SOCKET_PREFIX = "keeper-v" + KeeperWire.VERSION + "-";
    /** This build's mark: where its classes come from, their size and time. */
    static final String BUILD = buildMark();

    private static String buildMark() {
        String where = "unknown";
        try {
            Path p = Path.of(KeeperWire.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path f = Files.isDirectory(p) ? p.resolve(KeeperWire.class.getName().replace('.', '/') + ".class") : p;
            where = p + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
        } catch (Exception e) {
            // No code source (unusual): one mark for all such builds.
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(where.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keeper's own lines (start, stop, failures; never a secret or a command's output). */
    Path log() { return dir.resolve("keeper.log"); }

    /** Makes the folder (0700) if needed and refuses one that is not the user's alone. */
    void prepare() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Made meanwhile by another run: checked below like any other.
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != me || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a folder of yours (owner uid " + owner + "); remove it or set " + DIR_VARIABLE);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException(dir + " is open to others (" + PosixFilePermissions.toString(perms) + "); run: chmod 700 " + dir);
        }
        if (socket().toString().length() > 100) {
            throw new IOException("the socket path " + socket() + " is too long for a Unix socket; set " + DIR_VARIABLE + " to a shorter folder");
        }
    }

    /** A connection to the keeper; fails when none listens, or when another user's process does. */
    SocketChannel connect() throws IOException { return connect(socket()); }

    /** True when the process at the other end of {@code ch} runs as this process's user (the kernel says so). */
    static boolean ours(SocketChannel ch) throws IOException {
        UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return peer.user().getName().equals(System.getProperty("user.name"));
    }

    /**
     * Starts a keeper process in a session of its own (so the terminal's Ctrl-C and hang-up do not
     * reach it), with this JVM's settings and class path. Its standard output and error go to {@link #log()}.
     */
    void start() throws IOException {
        if (!Files.exists(log())) {
            try {
                Files.createFile(log(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Another run made it.
            }
        }
        List<String> cmd = new ArrayList<>();
        for (String s : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(s))) {
                cmd.add(s);
                break;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of())));
        // It lives for many runs and does the same few things for each: compiling them early pays.
        cmd.add("-XX:CompileThresholdScaling=0.1");
        // A small young generation: collected often (a millisecond each) instead of growing the
        // process by every run's garbage until the first collection (seen: 130 -> 165 MB over 15 runs).
        cmd.add("-Xms16m");
        cmd.add("-Xmn8m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SessionKeeper.class.getName());
        cmd.add(dir.toString());
        new ProcessBuilder(cmd)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /**
     * The JVM options of this process's command line (those before the class path or main class),
     * without the one that records the class data archive: that belongs to the deployer's own run.
     */
    static List<String> jvmOptions(List<String> arguments) {
        List<String> out = new ArrayList<>();
        for (String a : arguments) {
            if (!a.startsWith("-") || a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")
                    || a.equals("-m") || a.equals("--module")) {
                break;
            }
            if (a.startsWith("-XX:ArchiveClassesAtExit") || a.startsWith("-javaagent") || a.startsWith("-agentlib")) continue;
            out.add(a);
        }
        return out;
    }
}
