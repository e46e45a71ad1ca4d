package org.omnileads.deploy.tasks;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code unarchive}: a tar archive already on the host (gz, xz or bz2, detected by tar) is
 * extracted into a folder. Members with absolute paths, {@code ..} components, or links pointing
 * that way are refused before anything is extracted. Done once per archive content: the SHA-256
 * of the extracted archive is kept in a root-only state file, and {@code creates} can say it too.
 */
public record UnarchiveTask(TaskSpec spec, String src, String dest, String creates, String owner, String group) implements Task {
    /** Root-only folder of deployer state on the host. */
    public static final String STATE_DIR = "/var/lib/oml-deploy/state";

    static final TaskKind KIND = new TaskKind("unarchive", "a tar archive on the host is extracted into a folder",
            List.of(ArgSpec.required("src", ArgType.PATH, "the archive on the host (e.g. from a download task)"),
                    ArgSpec.required("dest", ArgType.PATH, "the folder to extract into (created when missing)"),
                    ArgSpec.optional("creates", ArgType.PATH, null, "skip when this path exists"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning the extracted files (root when not given)"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning the extracted files")),
            (spec, args) -> new UnarchiveTask(spec, args.string("src"), args.string("dest"), args.optional("creates"),
                    args.optional("owner"), args.optional("group")));

    /** The state file remembering which archive was extracted into {@code dest}. */
    String stamp() {
        return STATE_DIR + "/unarchive-" + ContentTask.sha256(dest.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    @Override
    public String probe() {
        Script s = new Script();
        if (creates != null) s.line("if [ -e %q ]; then echo creates=yes; fi", creates);
        s.line("if [ -f %q ]; then oml_s=$(sha256sum < %q); echo \"src_sha256=${oml_s%% *}\"; fi", src, src);
        s.line("if [ -f %q ]; then echo \"stamp=$(cat %q)\"; fi", stamp(), stamp());
        s.line("if [ -d %q ]; then echo dest=yes; fi", dest);
        return s.toString();
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (creates != null && f.is("creates", "yes")) return new Plan.Ok(creates + " exists");
        String sha = f.get("src_sha256");
        if (sha == null) {
            // A download earlier in this run may bring it.
            return new Plan.Change("extract " + src + " into " + dest + " (the archive is not there yet)", null, new Step(step()), true);
        }
        if (f.is("dest", "yes") && sha.equals(f.get("stamp"))) return new Plan.Ok(src + " is extracted in " + dest);
        return new Plan.Change("extract " + src + " into " + dest, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("oml_src=%q", src);
        s.line("oml_dest=%q", dest);
        s.line("oml_stamp=%q", stamp());
        if (creates != null) s.line("if [ -e %q ]; then exit 99; fi", creates);
        s.raw("""
                if [ ! -f "$oml_src" ]; then echo "oml: the archive $oml_src does not exist" >&2; exit 1; fi
                oml_s=$(sha256sum < "$oml_src"); oml_s=${oml_s%% *}
                if [ -d "$oml_dest" ] && [ "$(cat "$oml_stamp" 2>/dev/null)" = "$oml_s" ]; then exit 99; fi
                oml_list=$(tar -tf "$oml_src") || { echo "oml: cannot list $oml_src (not a tar archive, or its compressor is missing)" >&2; exit 1; }
                if printf '%s\\n' "$oml_list" | awk -F/ '$1 == "" { bad = 1 } { for (i = 1; i <= NF; i++) if ($i == "..") bad = 1 } END { exit !bad }'; then
                  echo "oml: $oml_src has members with absolute paths or '..' in them; refusing to extract it" >&2; exit 1
                fi
                if tar -tvf "$oml_src" | grep -E ' -> (/|(.*/)?\\.\\.(/|$))| link to (/|(.*/)?\\.\\.(/|$))' >/dev/null; then
                  echo "oml: $oml_src has links pointing outside the folder; refusing to extract it" >&2; exit 1
                fi
                mkdir -p -- "$oml_dest" || exit 1
                tar -xf "$oml_src" -C "$oml_dest" --no-same-owner </dev/null || exit 1
                """);
        if (owner != null || group != null) {
            String who = (owner == null ? "" : owner) + (group == null ? "" : ":" + group);
            s.line("chown -R -- %q \"$oml_dest\" || exit 1", who);
        }
        s.line("mkdir -p %q && chmod 0700 %q || exit 1", STATE_DIR, STATE_DIR);
        s.raw("printf '%s\\n' \"$oml_s\" > \"$oml_stamp\" || exit 1");
        s.raw("exit 0");
        return s.toString();
    }
}
