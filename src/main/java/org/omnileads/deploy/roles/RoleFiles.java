package org.omnileads.deploy.roles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file of a roles tree, read into memory once: role files are small, and a loaded set of
 * roles then needs no file system (the jar's is closed again right away).
 */
final class RoleFiles {
    private final Map<String, byte[]> files;

    /** A role file larger than this is refused when read (roles are text and small files; a huge one would exhaust memory). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private RoleFiles(Map<String, byte[]> files) { this.files = files; }

    /** Reads every regular file under {@code root}, keyed by its path relative to it with '/' separators. */
    static RoleFiles read(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
            for (Path p : all) {
                String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                out.put(rel, org.omnileads.deploy.inventory.InputFile.read(p, MAX_FILE_BYTES, true));
            }
        }
        return new RoleFiles(out);
    }

    static RoleFiles of(Map<String, byte[]> files) { return new RoleFiles(new TreeMap<>(files)); }

    byte[] get(String path) { return files.get(path); }

    boolean has(String path) { return files.containsKey(path); }

    /** Files under {@code folder/} (relative names inside it). */
    Map<String, byte[]> under(String folder) {
        Map<String, byte[]> out = new TreeMap<>();
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        for (var e : files.entrySet()) if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        return out;
    }

    /** First-level folder names: the roles. */
    List<String> folders() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String k : files.keySet()) {
            int slash = k.indexOf('/');
            if (slash > 0) out.add(k.substring(0, slash));
        }
        return List.copyOf(out);
    }

    /**
     * A relative path made canonical ({@code a/./b} → {@code a/b}), or null when it is absolute,
     * climbs out with {@code ..}, or is empty: a role may only read its own files.
     */
    static String normalize(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) return null;
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(p);
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
