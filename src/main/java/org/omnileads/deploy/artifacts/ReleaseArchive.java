package org.omnileads.deploy.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.omnileads.deploy.inventory.InputFile;

/**
 * Checks, on the workstation and before any host is touched, that a release given with
 * {@code --release} cannot write outside the folder it is unpacked into: no member with an
 * absolute path or a {@code ..} component, no link pointing to an absolute path or through
 * {@code ..} (the rule of the {@code unarchive} task kind). A tarball is read as it is (plain,
 * gzip; xz and bzip2 through the workstation's {@code xz}/{@code bzip2}); a directory is checked
 * for such links before it is packed.
 */
public final class ReleaseArchive {
    private static final int BLOCK = 512;

    private ReleaseArchive() {}

    /** Why the release must be refused, as a sentence naming the member, or null when it is safe. */
    public static String problem(Path release) throws IOException {
        if (Files.isDirectory(release)) return directoryProblem(release);
        // A FIFO or a device is never opened: it would block or never end.
        String kind = InputFile.problem(release, Long.MAX_VALUE, false);
        if (kind != null) return "it " + kind + " (a release is a directory or a tarball)";
        try (InputStream in = open(release)) {
            return tarProblem(in);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            return "it is not a readable tarball (" + e.getMessage() + ")";
        }
    }

    private static String directoryProblem(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) return "it is an empty directory";
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isSymbolicLink).toList()) {
                String why = linkProblem(dir.relativize(p).toString(), Files.readSymbolicLink(p).toString());
                if (why != null) return why;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return null;
    }

    /** Reads tar headers (ustar, GNU long names, pax paths) and checks every member; the contents are skipped. */
    static String tarProblem(InputStream in) throws IOException {
        String[] found = new String[1];
        try {
            walk(in, (name, type, link, size, content) -> {
                String why = nameProblem(name);
                if (why == null && (type == '1' || type == '2')) why = linkProblem(name, link);
                found[0] = why;
                return why == null;
            });
        } catch (NotATar e) {
            return e.getMessage();
        }
        return found[0];
    }

    /** What {@link #walk} throws for an empty archive, or a header whose checksum does not check out: the message says which. */
    public static final class NotATar extends IOException {
        NotATar(String message) { super(message); }
    }

    /** One member of a tar archive, as {@link #walk} shows it. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param name    the member's path as written (long and pax names resolved)
         * @param type    the tar type flag: '0' (or NUL) a file, '5' a folder, '1'/'2' links
         * @param link    a link's target, else ""
         * @param size    the content's size
         * @param content the content, readable up to {@code size}; what is not read is skipped
         * @return false to stop reading the archive
         */
        boolean member(String name, char type, String link, long size, InputStream content) throws IOException;
    }

    /** Opens {@code archive} (plain, gzip, xz, bzip2) and shows each member to {@code visitor}. */
    public static void walk(Path archive, Visitor visitor) throws IOException {
        try (InputStream in = open(archive)) {
            walk(in, visitor);
        }
    }

    static void walk(InputStream in, Visitor visitor) throws IOException {
        String longName = null;
        String longLink = null;
        for (int member = 0; ; member++) {
            byte[] h = in.readNBytes(BLOCK);
            if (member == 0 && (h.length < BLOCK || isZero(h))) throw new NotATar("it holds no files (an empty or truncated archive)");
            if (h.length < BLOCK || isZero(h)) return;
            if (!checksumOk(h)) {
                throw new NotATar(member == 0 ? "it is not a tar archive (plain, gzip, xz or bzip2)"
                        : "it is damaged: the tar header after " + member + " record(s) does not check out");
            }
            char type = (char) h[156];
            long size = size(h);
            if (type == 'L' || type == 'K' || type == 'x') {
                byte[] data = readData(in, size);
                if (type == 'L') longName = text(data, 0, data.length);
                else if (type == 'K') longLink = text(data, 0, data.length);
                else {
                    String path = pax(data, "path");
                    String link = pax(data, "linkpath");
                    if (path != null) longName = path;
                    if (link != null) longLink = link;
                }
                continue;
            }
            String name = text(h, 0, 100);
            String prefix = text(h, 257, 6).startsWith("ustar") ? text(h, 345, 155) : "";
            if (!prefix.isEmpty()) name = prefix + "/" + name;
            if (longName != null) name = longName;
            String link = longLink != null ? longLink : text(h, 157, 100);
            longName = null;
            longLink = null;
            boolean hasData = type != '5' && type != '1' && type != '2';
            long dataSize = hasData ? size : 0;
            Bounded content = new Bounded(in, dataSize);
            boolean more = visitor.member(name, type == 0 ? '0' : type, link, dataSize, content);
            if (!more) return;
            in.skipNBytes(padded(dataSize) - content.read);
        }
    }

    /** A member's content: at most its size, never past it into the next header. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final long size;
        long read;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            if (read >= size) return -1;
            int b = in.read();
            if (b >= 0) read++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read >= size) return -1;
            int n = in.read(b, off, (int) Math.min(len, size - read));
            if (n > 0) read += n;
            return n;
        }

        @Override public void close() {}
    }

    static String nameProblem(String name) {
        if (name.startsWith("/")) return "member '" + clip(name) + "' has an absolute path";
        if (hasDotDot(name)) return "member '" + clip(name) + "' has '..' in its path";
        return null;
    }

    static String linkProblem(String name, String target) {
        if (target.startsWith("/") || hasDotDot(target)) {
            return "link '" + clip(name) + "' points outside the release (to '" + clip(target) + "')";
        }
        return null;
    }

    private static boolean hasDotDot(String path) {
        return List.of(path.split("/")).contains("..");
    }

    private static InputStream open(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(6);
        }
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        }
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X') {
            return decompressor("xz", file);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') return decompressor("bzip2", file);
        return Files.newInputStream(file);
    }

    /** The workstation's decompressor, argument list only (no shell); its output is the tar, and closing it ends the tool. */
    private static InputStream decompressor(String tool, Path file) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(tool, "-dc", "--", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("it is " + tool + "-compressed and this workstation has no " + tool
                    + " to read it (install it, or give the release as a directory or a .tar.gz)", e);
        }
        return new java.io.FilterInputStream(p.getInputStream()) {
            @Override
            public void close() throws IOException {
                super.close();
                p.destroy();
            }
        };
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) throw new IOException("a tar header record of " + size + " bytes: not a release archive");
        byte[] data = in.readNBytes((int) size);
        in.skipNBytes(padded(size) - size);
        return data;
    }

    /** Pax records are {@code LEN key=value\n}. */
    private static String pax(byte[] data, String key) {
        String found = null;
        for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith(key + "=", sp + 1)) found = rec.substring(sp + 2 + key.length());
        }
        return found;
    }

    private static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) v = v << 8 | (h[i] & 0xff);
            return v;
        }
        String s = text(h, 124, 12).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (a member's size is '" + clip(s) + "')");
        }
    }

    /** The header's checksum: the sum of its bytes with the checksum field read as blanks (unsigned, or signed as old tars wrote). */
    static boolean checksumOk(byte[] h) {
        String stored = text(h, 148, 8).trim();
        long expected;
        try {
            expected = Long.parseLong(stored, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return expected == unsigned || expected == signed;
    }

    private static long padded(long size) { return (size + BLOCK - 1) / BLOCK * BLOCK; }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
