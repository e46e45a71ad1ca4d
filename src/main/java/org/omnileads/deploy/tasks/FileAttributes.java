package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * Wanted owner, group and permission bits of a path; each may be null (left as it is).
 * Gives the probe lines that report them, the plan's comparison, and the step lines that fix
 * them, re-checked at apply time.
 */
public record FileAttributes(String owner, String group, Integer mode) {
    public static final FileAttributes NONE = new FileAttributes(null, null, null);

    /**
     * The {@code stat --printf} format of the attribute lines every file probe prints (here and in
     * {@link FileFacts}); inode and times are not planned from, they tell a file that changed.
     */
    static final String STAT_FORMAT = "type=%F\\nowner=%U\\nuid=%u\\ngroup=%G\\ngid=%g\\nmode=%a\\nsize=%s\\nino=%i\\nmtime=%.9Y\\nctime=%.9Z\\n";

    /**
     * stat in the C locale: {@code %F} is translated ("fichero regular" on a host whose
     * /etc/default/locale says es_AR.UTF-8, which the login's pam_env exports), and the
     * probes read it in English.
     */
    static final String STAT = "LC_ALL=C stat";

    public static FileAttributes from(Args args) {
        return new FileAttributes(args.optional("owner"), args.optional("group"), args.mode("mode"));
    }

    /**
     * A probe fragment printing {@code type=}, {@code owner=}, {@code uid=}, {@code group=},
     * {@code gid=}, {@code mode=} and {@code size=} of the path in the sh variable {@code var},
     * or {@code type=absent}.
     */
    public static String probe(String var) { return probe(var, false); }

    /** As {@link #probe(String)}; {@code follow} reports what a symbolic link points to (folders). */
    public static String probe(String var, boolean follow) {
        return "if [ -e \"$" + var + "\" ] || [ -L \"$" + var + "\" ]; then\n"
                + "  " + STAT + " " + (follow ? "-L " : "") + "--printf='" + STAT_FORMAT + "' -- \"$" + var + "\"\n"
                + "else\n  echo type=absent\nfi\n";
    }

    /** The type reported by {@link #probe}: absent, file, directory, link or other. */
    public static String type(Facts f) {
        String t = f.get("type", "absent");
        if (t.equals("absent")) return "absent";
        if (t.startsWith("regular")) return "file";
        if (t.equals("directory")) return "directory";
        if (t.equals("symbolic link")) return "link";
        return "other";
    }

    /** What differs between the probed path and this, e.g. "owner root → omnileads"; empty when nothing. */
    public List<String> differences(Facts f) {
        List<String> out = new ArrayList<>();
        if (owner != null && !owner.equals(f.get("owner")) && !owner.equals(f.get("uid"))) {
            out.add("owner " + f.get("owner", "?") + " → " + owner);
        }
        if (group != null && !group.equals(f.get("group")) && !group.equals(f.get("gid"))) {
            out.add("group " + f.get("group", "?") + " → " + group);
        }
        if (mode != null && !octal(mode).equals(f.get("mode"))) {
            String now = f.get("mode");
            out.add("mode " + (now == null ? "?" : "0" + now) + " → " + display(mode));
        }
        return out;
    }

    /** Mode as {@code stat %a} prints it: 644, 2775. */
    public static String octal(int mode) { return Integer.toOctalString(mode); }

    /** Mode as people write it: 0644. */
    public static String display(int mode) { return String.format("%04o", mode); }

    /**
     * Step lines that set owner, group and mode of the path in sh variable {@code var} where they
     * differ now, setting {@code oml_rc=0} when they change something.
     */
    public String fixScript(String var) { return fixScript(var, false); }

    /** As {@link #fixScript(String)}; {@code follow} checks what a symbolic link points to. */
    public String fixScript(String var, boolean follow) {
        if (owner == null && group == null && mode == null) return "";
        Script s = new Script();
        s.raw("set -- $(stat " + (follow ? "-L " : "") + "-c '%U %u %G %g %a' -- \"$" + var + "\")");
        if (owner != null) {
            s.line("if [ \"$1\" != %q ] && [ \"$2\" != %q ]; then chown -- %q \"$" + var + "\" || exit 1; oml_rc=0; fi", owner, owner, owner);
        }
        if (group != null) {
            s.line("if [ \"$3\" != %q ] && [ \"$4\" != %q ]; then chgrp -- %q \"$" + var + "\" || exit 1; oml_rc=0; fi", group, group, group);
        }
        if (mode != null) {
            // Five digits: GNU chmod keeps a directory's setgid bit unless told with a leading zero.
            s.line("if [ \"$5\" != %q ]; then chmod %q \"$" + var + "\" || exit 1; oml_rc=0; fi", octal(mode), String.format("%05o", mode));
        }
        return s.toString();
    }

    /** "owner omnileads, mode 0640" for summaries; empty when nothing is wanted. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (owner != null) parts.add("owner " + owner);
        if (group != null) parts.add("group " + group);
        if (mode != null) parts.add("mode " + display(mode));
        return String.join(", ", parts);
    }
}
