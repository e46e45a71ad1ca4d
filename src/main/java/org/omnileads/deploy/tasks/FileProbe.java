package org.omnileads.deploy.tasks;

/**
 * The facts a file task needs, asked as data instead of as a script, so that the runner can
 * gather those of every file task of a host at once ({@link FileFacts}: one {@code stat} for all
 * paths, one {@code sha256sum} for all wanted contents) instead of starting several processes per
 * task. The facts come back in exactly the lines the task's own {@link Task#probe()} prints, so
 * {@link Task#plan} reads both the same way; the probe script stays the standalone form (and the
 * fallback for a path the batch cannot carry, see {@link #batchable()}).
 *
 * @param kind    what is asked about the path
 * @param path    the path on the host
 * @param wantSha for {@link Kind#CONTENT}: the SHA-256 of the wanted content (the content is
 *                printed only when the file's differs); otherwise null
 */
public record FileProbe(Kind kind, String path, String wantSha) {
    public enum Kind {
        /** Attributes of what the path leads to, following a symbolic link ({@link FileAttributes#probe(String, boolean)} with follow). */
        FOLDER,
        /** Attributes of the path itself; for a regular file its SHA-256, and its content in base64 when that differs from the wanted and it is small ({@link ContentTask}). */
        CONTENT,
        /** Attributes of the path itself; for a file (followed) its content in base64 when small, else {@code big=1} ({@link EditedFile}). */
        EDITED,
        /**
         * The path's own stat lines only: with its inode, size and times they tell whether it
         * changed (for a probe whose facts depend on that file alone, {@link Task#factsFiles()}).
         */
        STAT
    }

    public FileProbe {
        if (kind == null || path == null) throw new IllegalArgumentException("a file probe needs a kind and a path");
        if ((kind == Kind.CONTENT) != (wantSha != null)) throw new IllegalArgumentException("a wanted SHA-256 goes with CONTENT only");
    }

    public static FileProbe folder(String path) { return new FileProbe(Kind.FOLDER, path, null); }

    public static FileProbe content(String path, String wantSha) { return new FileProbe(Kind.CONTENT, path, wantSha); }

    public static FileProbe edited(String path) { return new FileProbe(Kind.EDITED, path, null); }

    public static FileProbe stat(String path) { return new FileProbe(Kind.STAT, path, null); }

    /**
     * True when the batch can carry this path: it is absolute and has no newline (stat and the
     * batch's output are line based), no backslash (sha256sum escapes such names) and no two
     * spaces in a row (the separator of sha256sum's lines, matched by the host's sh). Any other
     * path is probed by the task's own script.
     */
    public boolean batchable() {
        return path.startsWith("/") && path.indexOf('\n') < 0 && path.indexOf('\r') < 0 && path.indexOf('\\') < 0
                && path.indexOf('\0') < 0 && !path.contains("  ");
    }
}
