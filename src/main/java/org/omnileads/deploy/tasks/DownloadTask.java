package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Locale;

/**
 * {@code download}: the host fetches a URL with curl or wget (whichever it has), resuming a
 * partial download ({@code DEST.part}) and retrying with growing pauses, checks the SHA-256 and
 * renames the file into place. The probe only hashes what is already there.
 */
public record DownloadTask(TaskSpec spec, String url, String sha256, String dest, FileAttributes attrs) implements Task {
    static final TaskKind KIND = new TaskKind("download", "a file from a URL is on the host, checked by SHA-256",
            List.of(ArgSpec.required("url", ArgType.STRING, "http(s) or ftp URL"),
                    ArgSpec.required("sha256", ArgType.STRING, "the file's SHA-256 (64 hex digits)"),
                    ArgSpec.required("dest", ArgType.PATH, "where the file goes"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning it"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning it"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 when not given)")),
            DownloadTask::create);

    /** Tries per download before giving up. */
    static final int ATTEMPTS = 4;

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        String sha = args.string("sha256").trim().toLowerCase(Locale.ROOT);
        if (!sha.matches("[0-9a-f]{64}")) throw new BadArgument("sha256", "sha256: expected 64 hex digits");
        String url = args.string("url").trim();
        if (!url.matches("(?i)(https?|ftp)://\\S+")) throw new BadArgument("url", "url: expected an http, https or ftp URL without blanks");
        return new DownloadTask(spec, url, sha, args.string("dest"), FileAttributes.from(args));
    }

    @Override
    public String probe() {
        Script s = new Script();
        s.line("oml_p=%q", dest);
        s.raw(FileAttributes.probe("oml_p"));
        s.raw("if [ -f \"$oml_p\" ]; then oml_s=$(sha256sum < \"$oml_p\"); echo \"sha256=${oml_s%% *}\"; fi");
        return s.toString();
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (sha256.equals(f.get("sha256"))) {
            List<String> d = attrs.differences(f);
            if (d.isEmpty()) return new Plan.Ok(dest + " is there with the right SHA-256");
            return new Plan.Change(dest + ": " + String.join(", ", d), null, new Step(step()), false);
        }
        String why = f.has("sha256") ? " (SHA-256 differs)" : "";
        return new Plan.Change("download " + url + " to " + dest + why, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("oml_t=%q", dest);
        s.line("oml_url=%q", url);
        s.line("oml_want=%q", sha256);
        s.raw("""
                oml_rc=99
                oml_sum() { oml_x=$(sha256sum < "$1") && echo "${oml_x%% *}"; }
                if [ ! -f "$oml_t" ] || [ "$(oml_sum "$oml_t")" != "$oml_want" ]; then
                  if command -v curl >/dev/null 2>&1; then oml_get() { curl -fsSL --connect-timeout 20 -C - -o "$1" "$oml_url"; }
                  elif command -v wget >/dev/null 2>&1; then oml_get() { wget -q -c -T 20 -O "$1" "$oml_url"; }
                  else echo "oml: neither curl nor wget is installed on this host; install one (package curl) before this task" >&2; exit 1
                  fi
                  oml_part="$oml_t.part"
                  oml_i=0
                  while :; do
                    oml_i=$((oml_i + 1))
                    oml_get "$oml_part" </dev/null
                    oml_code=$?
                    if [ -f "$oml_part" ] && [ "$(oml_sum "$oml_part")" = "$oml_want" ]; then break; fi
                    # Complete but wrong, or refused by the server (it may not resume): start over.
                    # A network failure keeps the partial file, so the next try resumes it.
                    case $oml_code in 0|8|22|33|36)
                      [ "$oml_code" -eq 0 ] && echo "oml: the download of $oml_url does not match its SHA-256; fetching it again"
                      rm -f -- "$oml_part";;
                    esac
                """);
        s.line("    if [ \"$oml_i\" -ge %q ]; then echo \"oml: could not download $oml_url with the right SHA-256 after $oml_i tries\" >&2; exit 1; fi", ATTEMPTS);
        s.raw("""
                    echo "oml: download of $oml_url failed (exit $oml_code), retrying in $((oml_i * oml_i * 3)) s"
                    sleep $((oml_i * oml_i * 3))
                  done
                """);
        if (attrs.owner() != null) s.line("  chown -- %q \"$oml_part\" || exit 1", attrs.owner());
        if (attrs.group() != null) s.line("  chgrp -- %q \"$oml_part\" || exit 1", attrs.group());
        s.line("  chmod %q \"$oml_part\" || exit 1", String.format("%05o", attrs.mode() == null ? 0644 : attrs.mode()));
        s.raw("""
                  sync -- "$oml_part" 2>/dev/null || sync
                  mv -f -- "$oml_part" "$oml_t" || exit 1
                  oml_rc=0
                fi
                """);
        s.raw(attrs.fixScript("oml_t"));
        s.raw("exit $oml_rc");
        return s.toString();
    }
}
