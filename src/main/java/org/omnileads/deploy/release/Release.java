package org.omnileads.deploy.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.omnileads.deploy.artifacts.ReleaseArchive;

/**
 * The parts of an OMniLeads release (its source tree at a tag, as a folder or a tarball) that the
 * deployer reads on the workstation: the old installer's roles, tasks and templates
 * ({@code deploy/ansible/}), the telephony files ({@code ominicontacto_voip/asterisk-files/conf/},
 * {@code ominicontacto_voip/kamailio-files/}) and a {@code VERSION} file if there is one. Paths are
 * relative to the tree's top (the folder holding {@code manage.py}), whatever folder the archive
 * wraps it in. Nothing else is read: the app's code travels to the app host as the archive.
 *
 * @param shownAs the path given, as messages show it
 * @param top     the folder inside the archive or directory the tree starts at ("" for its root)
 * @param files   the files read, by path relative to the tree's top
 */
public record Release(String shownAs, String top, Map<String, byte[]> files) {
    /** What is read of a release, by path prefix relative to its top. */
    static final List<String> READ = List.of("deploy/ansible/", "ominicontacto_voip/asterisk-files/conf/",
            "ominicontacto_voip/kamailio-files/", "VERSION", "manage.py");
    /** A file larger than this is not one the deployer reads (sounds, jars): refused as not a release. */
    static final long FILE_LIMIT = 4L << 20;
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?![\\d.]*\\d)");

    public Release {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** Reads a release folder or tarball (plain, gzip, xz, bzip2). */
    public static Release read(Path release) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        if (Files.isDirectory(release)) {
            try (Stream<Path> walk = Files.walk(release)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    String rel = release.relativize(p).toString().replace('\\', '/');
                    if (wanted(rel) && Files.size(p) <= FILE_LIMIT) all.put(rel, Files.readAllBytes(p));
                }
            }
        } else {
            ReleaseArchive.walk(release, (name, type, link, size, content) -> {
                String n = name.startsWith("./") ? name.substring(2) : name;
                if ((type == '0' || type == '7') && wanted(n) && size <= FILE_LIMIT) all.put(n, content.readAllBytes());
                return true;
            });
        }
        String top = top(all.keySet());
        Map<String, byte[]> files = new TreeMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(top)) files.put(k.substring(top.length()), v);
        });
        return new Release(release.toString(), top, files);
    }

    /** A path worth reading: one of {@link #READ} below the top or below one folder. */
    private static boolean wanted(String path) {
        int slash = path.indexOf('/');
        String inside = slash < 0 ? path : path.substring(slash + 1);
        for (String r : READ) {
            if (path.startsWith(r) || inside.startsWith(r)) return true;
        }
        return false;
    }

    /** The folder holding manage.py (the shallowest), or the one folder everything is in, or "". */
    private static String top(Iterable<String> paths) {
        String best = null;
        for (String p : paths) {
            if (p.equals("manage.py")) return "";
            if (p.endsWith("/manage.py") && p.indexOf('/') == p.length() - "/manage.py".length()) best = p.substring(0, p.length() - "manage.py".length());
        }
        if (best != null) return best;
        String common = null;
        for (String p : paths) {
            int slash = p.indexOf('/');
            String first = slash < 0 ? "" : p.substring(0, slash + 1);
            if (common == null) common = first;
            else if (!common.equals(first)) return "";
        }
        return common == null || !paths.iterator().hasNext() ? "" : common;
    }

    /** Whether the release holds this file (path relative to its top). */
    public boolean has(String path) { return files.containsKey(path); }

    /** A file's bytes, or null. */
    public byte[] bytes(String path) { return files.get(path); }

    /** A file's text (UTF-8), or null. */
    public String text(String path) {
        byte[] b = files.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The files directly or deeper under {@code folder} (ending with /), in name order. */
    public List<String> under(String folder) {
        List<String> out = new ArrayList<>();
        for (String k : files.keySet()) if (k.startsWith(folder)) out.add(k);
        return out;
    }

    /**
     * The release's version: its {@code VERSION} file, else the X.Y.Z in the name of the folder it
     * sits in or of the archive ({@code ominicontacto-1.11.6}, {@code omnileads-1.11.6.tar.gz}).
     */
    public Optional<String> version() {
        String v = text("VERSION");
        if (v != null) {
            Matcher m = VERSION.matcher(v.strip());
            if (m.find()) return Optional.of(m.group(1));
        }
        for (String name : new String[] {top, Path.of(shownAs).getFileName() == null ? "" : Path.of(shownAs).getFileName().toString()}) {
            Matcher m = VERSION.matcher(name);
            if (m.find()) return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    /** How messages name a file of the release: the path given, then the file inside it. */
    public String where(String path) { return shownAs + ":" + top + path; }
}
