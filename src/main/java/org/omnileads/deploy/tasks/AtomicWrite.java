package org.omnileads.deploy.tasks;

import java.util.Base64;

/**
 * The one way a file's content is replaced on a host: the new bytes go to a temporary file in
 * the same folder, are synced, get owner and mode, and are renamed over the target; when the
 * rename is refused (a bind-mounted target such as {@code /etc/hosts} in a container) the
 * bytes are written in place instead. Identical content is never rewritten, so the step exits
 * {@link Step#NOT_NEEDED} when nothing changed at apply time.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** A step script writing {@code content} to {@code target}; the bytes travel base64-encoded inside the script. */
    public static String script(String target, byte[] content, FileAttributes attrs) {
        return script(target, embedded(content), attrs);
    }

    /**
     * A step script writing what {@code producer} writes to {@code "$oml_tmp"} to {@code target}.
     * The producer may read the current target (it is still in place); a failing producer fails the step.
     *
     * <p>Each process costs the host a few milliseconds, and a first run writes hundreds of files:
     * the folder is computed here rather than by {@code dirname}, the temporary file gets only the
     * attributes that are not set anyway afterwards, and the attributes are checked ({@code stat})
     * only where the file was not replaced by one made with them (same content, or written in place).
     */
    public static String script(String target, String producer, FileAttributes attrs) {
        Script s = new Script();
        s.line("oml_t=%q", target);
        s.line("oml_d=%q", folderOf(target));
        s.raw("""
                oml_rc=99
                if [ -d "$oml_t" ]; then echo "oml: $oml_t is a directory, not a file" >&2; exit 1; fi
                if [ ! -d "$oml_d" ]; then echo "oml: the folder $oml_d does not exist" >&2; exit 1; fi
                oml_tmp=$(mktemp -- "$oml_d/.oml-write.XXXXXX") || exit 1
                trap '[ -z "$oml_tmp" ] || rm -f -- "$oml_tmp"' EXIT
                oml_cannot() {
                  echo "oml: cannot write $oml_t ($(df -P -k -- "$oml_d" | awk 'NR == 2 { print $4 " KiB free on " $6 }'))${1:-; it is left as it was}" >&2
                  exit 1
                }
                """);
        s.raw("{\n" + producer + (producer.endsWith("\n") ? "" : "\n") + "} || oml_cannot");
        String fix = attrs.fixScript("oml_t");
        s.raw("""
                if [ -f "$oml_t" ] && [ ! -L "$oml_t" ] && cmp -s -- "$oml_tmp" "$oml_t"; then
                  rm -f -- "$oml_tmp"; oml_tmp=
                """ + fix + """
                else
                """);
        // What the wanted attributes leave open comes from the file replaced, or is root's and 0644 for a new one.
        boolean ownerAndGroup = attrs.owner() != null && attrs.group() != null;
        if (!ownerAndGroup || attrs.mode() == null) {
            s.raw("  if [ -e \"$oml_t\" ]; then");
            s.raw(ownerAndGroup ? "    :" : "    chown --reference=\"$oml_t\" -- \"$oml_tmp\" 2>/dev/null");
            if (attrs.mode() == null) {
                s.raw("    chmod --reference=\"$oml_t\" -- \"$oml_tmp\" 2>/dev/null");
                s.raw("  else");
                s.raw("    chmod 0644 -- \"$oml_tmp\"");
            }
            s.raw("  fi");
        }
        if (ownerAndGroup) s.line("  chown -- %q \"$oml_tmp\" || exit 1", attrs.owner() + ":" + attrs.group());
        else if (attrs.owner() != null) s.line("  chown -- %q \"$oml_tmp\" || exit 1", attrs.owner());
        else if (attrs.group() != null) s.line("  chgrp -- %q \"$oml_tmp\" || exit 1", attrs.group());
        if (attrs.mode() != null) s.line("  chmod %q \"$oml_tmp\" || exit 1", String.format("%05o", attrs.mode()));
        s.raw("""
                  sync -- "$oml_tmp" 2>/dev/null || sync
                  if mv -f -- "$oml_tmp" "$oml_t" 2>/dev/null; then
                    oml_tmp=
                  else
                    # A bind-mounted target refuses rename (EBUSY): write it in place; it keeps its own attributes.
                    cat -- "$oml_tmp" > "$oml_t" || oml_cannot " in place; check it"
                """ + fix + """
                  fi
                  oml_rc=0
                fi
                exit $oml_rc
                """);
        return s.toString();
    }

    /** The folder holding {@code path}, as {@code dirname} prints it. */
    static String folderOf(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        if (slash < 0) return ".";
        String d = p.substring(0, slash);
        while (d.length() > 1 && d.endsWith("/")) d = d.substring(0, d.length() - 1);
        return d.isEmpty() ? "/" : d;
    }

    /** A producer writing fixed bytes: base64 in a quoted here-document, so the shell expands nothing. */
    public static String embedded(byte[] content) {
        String b64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(content);
        return Script.heredoc("base64 -d > \"$oml_tmp\"", b64.isEmpty() ? "" : b64 + "\n");
    }
}
