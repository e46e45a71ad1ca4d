package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts of many {@link FileProbe}s gathered by one sh fragment: one {@code stat} for every
 * path (and {@code stat -L} for the folders that are links), one {@code sha256sum} for the wanted contents, then
 * {@code base64} only for a file whose content the plan needs (a differing one, or one that a
 * {@code line} or {@code block} task edits). Per task, the scripts of {@link Task#probe()} start
 * two or three processes each; on a host with dozens of file tasks that was most of the probe's
 * time. Read-only, like every probe.
 *
 * <pre>
 * @@- PATH / @@L PATH   stat lines of PATH (not followed / followed, for a folder that is a link), as {@link FileAttributes#probe} prints them
 * @@H                   then sha256sum's lines: HASH, two spaces, PATH
 * @@D SHA PATH         then one line: PATH's content in base64, as it differs from SHA
 * @@C PATH             then one line: PATH's content in base64, for an edit
 * @@B PATH             PATH is a file too big to print
 * @@K PATH             PATH's content is the one the caller knows (its SHA-256 is the one it gave)
 * </pre>
 */
public final class FileFacts {
    private FileFacts() {}

    /**
     * Sets {@code oml_zN} to the size of the N-th of {@code paths} when the batch's stat lines in
     * {@code oml_st} show it a regular file, else to nothing (a link, or absent: the caller asks
     * {@code stat -L} then). One pass over the lines with the shell's own words and {@code case}:
     * dash's {@code ${var#*pattern}} is quadratic in the length of var (4 ms a lookup here).
     */
    static String sizesFromStat(List<String> paths) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) s.append("oml_z").append(i).append("=\n");
        s.append("oml_p=; oml_t=; oml_ifs=$IFS; IFS=$oml_nl; set -f\n");
        s.append("for oml_l in $oml_st; do\n  case $oml_l in\n");
        s.append("    \"@@- \"*) oml_p=${oml_l#\"@@- \"} ;;\n    type=*) oml_t=${oml_l#type=} ;;\n");
        s.append("    size=*) case $oml_t in regular*) case $oml_p in\n");
        for (int i = 0; i < paths.size(); i++) {
            s.append("      ").append(Script.fmt("%q", paths.get(i))).append(") oml_z").append(i).append("=${oml_l#size=} ;;\n");
        }
        s.append("    esac ;; esac ;;\n  esac\ndone\nIFS=$oml_ifs; set +f\n");
        return s.toString();
    }

    /** Puts in {@code oml_r} the size of what path N leads to: from {@link #sizesFromStat}, else from stat -L. */
    private static String sizeOf(int n, String path) {
        return "oml_r=$oml_z" + n + "; [ -n \"$oml_r\" ] || oml_r=$(stat -L -c %s -- " + Script.fmt("%q", path) + ")";
    }

    /** The fragment printing the facts of {@code probes}, all {@link FileProbe#batchable()}; empty when none. */
    public static String script(List<FileProbe> probes) { return script(probes, Map.of()); }

    /**
     * As {@link #script(List)}; {@code known} maps edited files to the SHA-256 of a content the
     * caller already has: such a file's content is printed only when its hash differs ({@code @@K}
     * otherwise), its hash taken by the one sha256sum the batch runs anyway.
     */
    public static String script(List<FileProbe> probes, Map<String, String> known) {
        Set<String> followed = new LinkedHashSet<>();
        Set<String> own = new LinkedHashSet<>();
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        Set<String> edited = new LinkedHashSet<>();
        for (FileProbe p : probes) {
            if (!p.batchable()) throw new IllegalArgumentException("not for the batch: " + p.path());
            switch (p.kind()) {
                case FOLDER -> followed.add(p.path());
                case CONTENT -> {
                    own.add(p.path());
                    wanted.computeIfAbsent(p.path(), k -> new LinkedHashSet<>()).add(p.wantSha());
                }
                case EDITED -> {
                    own.add(p.path());
                    edited.add(p.path());
                }
                case STAT -> own.add(p.path());
            }
        }
        Map<String, String> recognized = new LinkedHashMap<>();
        for (String e : edited) if (known.containsKey(e)) recognized.put(e, known.get(e));
        if (followed.isEmpty() && own.isEmpty()) return "";
        StringBuilder s = new StringBuilder();
        s.append("oml_nl='\n'\n");
        // One stat for every path, links not followed; kept in oml_st, where sizesFromStat reads regular files' sizes.
        Set<String> all = new LinkedHashSet<>(followed);
        all.addAll(own);
        s.append("oml_st=$(").append(FileAttributes.STAT).append(" --printf='@@- %n\\n").append(FileAttributes.STAT_FORMAT).append("' -- ")
                .append(Script.words(List.copyOf(all))).append(")\n");
        s.append("case $oml_st in ?*) printf '%s\\n' \"$oml_st\" ;; esac\n");
        if (!followed.isEmpty()) {
            // A folder's probe follows links: stat -L only for the ones that are links.
            s.append("set --\n");
            s.append("for oml_f in ").append(Script.words(List.copyOf(followed)))
                    .append("; do case $oml_st in *\"@@- $oml_f${oml_nl}type=symbolic link$oml_nl\"*) set -- \"$@\" \"$oml_f\" ;; esac; done\n");
            s.append("if [ $# -gt 0 ]; then ").append(FileAttributes.STAT).append(" -L --printf='@@L %n\\n").append(FileAttributes.STAT_FORMAT)
                    .append("' -- \"$@\"; fi\n");
        }
        // Sizes of the edited files, whose content every plan needs; a differing file's is asked only when it differs.
        List<String> sized = List.copyOf(edited);
        if (!sized.isEmpty()) s.append(sizesFromStat(sized));
        Set<String> hashed = new LinkedHashSet<>(wanted.keySet());
        hashed.addAll(recognized.keySet());
        if (!hashed.isEmpty()) {
            // Only regular files, as the tasks' own probes: reading a FIFO would never end.
            s.append("set --\n");
            s.append("for oml_f in ").append(Script.words(List.copyOf(hashed)))
                    .append("; do if [ -f \"$oml_f\" ] && [ ! -L \"$oml_f\" ]; then set -- \"$@\" \"$oml_f\"; fi; done\n");
            s.append("oml_h=\n");
            s.append("if [ $# -gt 0 ]; then oml_h=$(sha256sum -- \"$@\"); fi\n");
            s.append("printf '@@H\\n%s\\n' \"$oml_h\"\n");
            s.append("oml_h=$oml_nl$oml_h$oml_nl\n");
            for (Map.Entry<String, Set<String>> e : wanted.entrySet()) {
                String path = e.getKey();
                for (String sha : e.getValue()) {
                    // The content only for a differing regular file (not a link) small enough to show in a diff.
                    s.append(Script.fmt("case $oml_h in *\"$oml_nl\"%q\"$oml_nl\"*) ;; *) ", sha + "  " + path))
                            .append(Script.fmt("if [ -f %q ] && [ ! -L %q ] && [ \"$(stat -c %s -- %q)\" -le %q ]; then printf '@@D %s\\n' %q; base64 -w0 < %q; echo; fi ;; esac",
                                    path, path, path, ContentTask.INLINE_LIMIT, sha + " " + path, path))
                            .append('\n');
                }
            }
        }
        for (String path : edited) {
            String fetch = sizeOf(sized.indexOf(path), path) + Script.fmt("; if [ \"$oml_r\" -le %q ]; then printf '@@C %s\\n' %q; base64 -w0 < %q; echo; "
                    + "else printf '@@B %s\\n' %q; fi", ContentTask.INLINE_LIMIT, path, path, path);
            if (recognized.containsKey(path)) {
                // The content the caller has, recognized by its hash: no base64 process.
                fetch = Script.fmt("case $oml_h in *\"$oml_nl\"%q\"$oml_nl\"*) printf '@@K %s\\n' %q ;; *) ", recognized.get(path) + "  " + path, path)
                        + fetch + " ;; esac";
            }
            s.append(Script.fmt("if [ -f %q ]; then ", path)).append(fetch).append("; fi\n");
        }
        return s.toString();
    }

    /**
     * The facts of each probe from what {@link #script} printed, in the lines the task's own probe
     * script prints. A probe whose path the output does not mention is absent, as its script says.
     */
    public static Map<FileProbe, String> parse(String output, List<FileProbe> probes) { return parse(output, probes, Map.of()); }

    /**
     * As {@link #parse(String, List)}; {@code known} holds, by path, the base64 content the caller
     * had (whose hash it gave {@link #script(List, Map)}), used where the batch recognized it ({@code @@K}).
     */
    public static Map<FileProbe, String> parse(String output, List<FileProbe> probes, Map<String, String> known) {
        Map<String, StringBuilder> followed = new HashMap<>();
        Map<String, StringBuilder> own = new HashMap<>();
        Map<String, String> sha = new HashMap<>();
        Map<String, String> content = new HashMap<>();
        Map<String, String> differing = new HashMap<>();
        Set<String> big = new HashSet<>();
        StringBuilder current = null;
        boolean hashes = false;
        Map<String, String> contentTo = null;
        String contentOf = null;
        for (String line : output.split("\n", -1)) {
            if (contentOf != null) {
                contentTo.put(contentOf, line);
                contentOf = null;
                continue;
            }
            if (line.startsWith("@@")) {
                current = null;
                hashes = false;
                if (line.startsWith("@@L ")) {
                    current = new StringBuilder();
                    followed.put(line.substring(4), current);
                } else if (line.startsWith("@@- ")) {
                    current = new StringBuilder();
                    own.put(line.substring(4), current);
                } else if (line.equals("@@H")) {
                    hashes = true;
                } else if (line.startsWith("@@C ")) {
                    contentTo = content;
                    contentOf = line.substring(4);
                } else if (line.startsWith("@@D ")) {
                    contentTo = differing;
                    contentOf = line.substring(4);
                } else if (line.startsWith("@@B ")) {
                    big.add(line.substring(4));
                } else if (line.startsWith("@@K ") && known.containsKey(line.substring(4))) {
                    content.put(line.substring(4), known.get(line.substring(4)));
                }
                continue;
            }
            if (current != null) {
                current.append(line).append('\n');
            } else if (hashes && line.length() > 66 && line.startsWith("  ", 64)) {
                sha.put(line.substring(66), line.substring(0, 64));
            }
        }
        Map<FileProbe, String> out = new LinkedHashMap<>();
        for (FileProbe p : probes) {
            StringBuilder found = own.get(p.path());
            if (p.kind() == FileProbe.Kind.FOLDER && found != null && found.toString().startsWith("type=symbolic link\n")) {
                // Followed: what the link leads to, absent when it leads nowhere.
                found = followed.get(p.path());
            }
            String stat = found == null ? "type=absent\n" : found.toString();
            StringBuilder f = new StringBuilder(stat);
            if (p.kind() == FileProbe.Kind.CONTENT && stat.startsWith("type=regular")) {
                String h = sha.get(p.path());
                if (h != null) f.append("sha256=").append(h).append('\n');
            }
            if (p.kind() != FileProbe.Kind.FOLDER && p.kind() != FileProbe.Kind.STAT) {
                String c = p.kind() == FileProbe.Kind.CONTENT ? differing.get(p.wantSha() + " " + p.path()) : content.get(p.path());
                if (c != null) f.append("content=").append(c).append('\n');
                else if (p.kind() == FileProbe.Kind.EDITED && big.contains(p.path())) f.append("big=1\n");
            }
            out.put(p, f.toString());
        }
        return out;
    }

    /** The probes of {@code probes} the batch can carry, each once, in order. */
    public static List<FileProbe> batchable(List<FileProbe> probes) {
        List<FileProbe> out = new ArrayList<>();
        for (FileProbe p : new LinkedHashSet<>(probes)) if (p.batchable()) out.add(p);
        return out;
    }
}
