package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Map;

/**
 * Debian's apt. Installs run non-interactively without recommended packages, keep changed
 * config files, refresh the package lists first when they are missing or older than an hour,
 * wait up to ten minutes for another package run to finish (saying so, with the holder of the
 * lock), finish a dpkg run that was cut off, and retry a failed refresh or download three times
 * with growing pauses.
 */
public record Apt() implements PackageManager {
    /** Refreshed lists are trusted this long. */
    static final int LISTS_MAX_AGE_MINUTES = 60;
    /** How long a step waits for another package run to let go of the lock. */
    static final int LOCK_WAIT_SECONDS = 600;
    /** Tries of a refresh or a download, with pauses of 5, 10, 20 s between them. */
    static final int TRIES = 4;

    /**
     * Refreshes the lists unless they are fresh (see {@code oml_fresh}), then downloads what
     * {@code fetch} needs into apt's cache (installing nothing). A download that fails after the
     * retries (the last one after a refresh) fails the check; a package apt does not know yet (a
     * repository an earlier task adds) is left to the install, which refreshes the lists once the
     * sources have changed.
     */
    @Override
    public String repositoryCheck(List<String> fetch) {
        StringBuilder s = new StringBuilder(PRELUDE);
        s.append("oml_marks=1\n");
        s.append("oml_refresh || { echo '").append(FAILED_COMMAND_MARK).append("apt-get update'; exit 1; }\n");
        if (!fetch.isEmpty()) {
            String words = Script.words(fetch);
            s.append("oml_apt install --download-only ").append(words).append(" && exit 0\n");
            s.append("if [ \"$oml_download_failed\" = 1 ]; then echo ")
                    .append(org.omnileads.deploy.ssh.Shell.quote(FAILED_COMMAND_MARK + "apt-get install --download-only " + String.join(" ", fetch)))
                    .append("; exit 1; fi\n");
            s.append("echo 'oml: the packages are not all known yet; the install will refresh the lists when the sources change'\n");
        }
        s.append("exit 0\n");
        return s.toString();
    }

    @Override
    public String repositoryCommand() { return "apt-get update"; }

    @Override
    public String probe(List<String> names, boolean candidates) {
        StringBuilder s = new StringBuilder();
        // Every package's status is printed and the installed ones picked here: no awk process on the host.
        s.append("dpkg-query -W -f='dpkg=${db:Status-Abbrev}\\t${Package}\\t${Version}\\n' ")
                .append(Script.words(names.stream().map(PackageManager::bare).toList()))
                .append(" 2>/dev/null\n");
        if (candidates) {
            s.append("apt-cache policy ").append(Script.words(names.stream().map(PackageManager::bare).toList()))
                    .append(" 2>/dev/null | awk '/^[^ ]/ { n = $1; sub(/:$/, \"\", n) } /^  Candidate:/ { print \"candidate=\" n \"\\t\" $2 }'\n");
        }
        return s.toString();
    }

    /**
     * dpkg-query reads the status database: the status file and the journal of updates a cut-off
     * run left (a folder, whose times change with its entries). dpkg replaces the status file by
     * renaming a new one over it, so every change is a new inode.
     */
    @Override
    public List<String> installedFactsFiles() { return List.of("/var/lib/dpkg/status", "/var/lib/dpkg/updates"); }

    /** The {@code dpkg=STATUS<TAB>NAME<TAB>VERSION} lines whose status is installed ({@code ii}). */
    @Override
    public Map<String, String> installed(Facts facts) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String v : facts.all("dpkg")) {
            String[] f = v.split("\t", -1);
            if (f.length == 3 && f[0].startsWith("ii") && !f[1].isEmpty()) out.put(f[1], f[2].trim());
        }
        return out;
    }

    @Override public Map<String, String> candidates(Facts facts) { return PackageManager.pairs(facts, "candidate"); }

    @Override
    public String installScript(List<String> names) { return withMissing(names, "install"); }

    private String withMissing(List<String> names, String action) {
        Script s = new Script();
        s.raw("set --");
        s.raw("for oml_n in " + Script.words(names) + "; do");
        s.raw("""
                  oml_b=${oml_n%%=*}; oml_b=${oml_b%%:*}
                  oml_v=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$oml_b" 2>/dev/null)
                """);
        if (action.equals("remove")) {
            s.raw("  case $oml_v in ii*) set -- \"$@\" \"$oml_b\";; esac");
        } else {
            s.raw("""
                      case $oml_n in
                        *=*) [ "$oml_v" = "ii  ${oml_n#*=}" ] || set -- "$@" "$oml_n";;
                        *) case $oml_v in ii*) ;; *) set -- "$@" "$oml_n";; esac;;
                      esac
                    """);
        }
        s.raw("done");
        // Pinned names (pkg=1.2) count as missing unless that version is installed.
        s.raw("[ $# -gt 0 ] || exit 99");
        s.raw(PRELUDE);
        s.raw(action.equals("remove") ? "oml_apt remove \"$@\" || exit 1" : "oml_refresh || exit 1\noml_apt install \"$@\" || exit 1");
        s.raw("exit 0");
        return s.toString();
    }

    @Override
    public String removeScript(List<String> names) { return withMissing(names, "remove"); }

    @Override
    public String upgradeScript(List<String> names) {
        Script s = new Script();
        s.raw(PRELUDE);
        s.raw("oml_refresh || exit 1");
        s.raw("oml_before=$(dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\\n' " + Script.words(names.stream().map(PackageManager::bare).toList()) + " 2>/dev/null)");
        s.raw("oml_apt install " + Script.words(names) + " || exit 1");
        s.raw("oml_after=$(dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\\n' " + Script.words(names.stream().map(PackageManager::bare).toList()) + " 2>/dev/null)");
        s.raw("[ \"$oml_before\" = \"$oml_after\" ] && exit 99");
        s.raw("exit 0");
        return s.toString();
    }

    /**
     * Shell functions of an apt step: oml_wait (another package run holds a lock, or runs),
     * oml_repair (finish a dpkg run that was cut off), oml_update (refresh the lists, retrying),
     * oml_refresh (only when they are missing or stale), oml_apt (one apt-get action with
     * retries on download failures). Lines starting {@code oml: } are shown to the operator.
     */
    static final String PRELUDE = """
            export DEBIAN_FRONTEND=noninteractive
            oml_holder() {
              for oml_f in /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock; do
                oml_ino=$(stat -c %i "$oml_f" 2>/dev/null) || continue
                oml_p=$(awk -v i=":$oml_ino" '$2 != "->" && substr($6, length($6) - length(i) + 1) == i { print $5; exit }' /proc/locks 2>/dev/null)
                [ -n "$oml_p" ] || continue
                read -r oml_x < "/proc/$oml_p/comm" 2>/dev/null || oml_x="a process of another namespace"
                echo "$oml_f is held by $oml_x (pid $oml_p)"; return 0
              done
              for oml_c in /proc/[0-9]*/comm; do
                read -r oml_x < "$oml_c" 2>/dev/null || continue
                case $oml_x in apt|apt-get|aptitude|dpkg|unattended-upgr) echo "$oml_x (pid $(basename "$(dirname "$oml_c")")) is running"; return 0;; esac
              done
              return 1
            }
            oml_wait() {
              oml_w=0
              while oml_h=$(oml_holder); do
                if [ "$oml_w" -ge %WAIT% ]; then echo "oml: another package run still holds the lock after %WAIT% s: $oml_h" >&2; return 1; fi
                [ $((oml_w % 30)) -eq 0 ] && echo "oml: waiting for another package run (up to %WAIT% s): $oml_h"
                sleep 5; oml_w=$((oml_w + 5))
              done
              return 0
            }
            oml_repair() {
              [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ] || return 0
              echo "oml: an earlier dpkg run was cut off; finishing it with dpkg --configure -a"
              dpkg --force-confdef --force-confold --configure -a </dev/null
            }
            oml_update() {
              oml_wait || return 1
              oml_ulog=$(mktemp) || return 1
              oml_i=0
              while :; do
                oml_i=$((oml_i + 1))
                { apt-get -q -o DPkg::Lock::Timeout=%WAIT% --error-on=any update </dev/null; echo $? > "$oml_ulog.rc"; } 2>&1 | tee "$oml_ulog"
                if [ "$(cat "$oml_ulog.rc" 2>/dev/null)" = 0 ]; then
                  rm -f "$oml_ulog" "$oml_ulog.rc"
                  mkdir -p /var/lib/oml-deploy && touch /var/lib/oml-deploy/apt-lists-refreshed
                  return 0
                fi
                if [ "$oml_i" -ge %TRIES% ]; then
                  awk '$1 ~ /^Err:/ { print "%MARK%" $2 " " $3 }' "$oml_ulog" | sort -u
                  rm -f "$oml_ulog" "$oml_ulog.rc"
                  echo "oml: apt-get update failed $oml_i times" >&2; return 1
                fi
                echo "oml: apt-get update failed (try $oml_i of %TRIES%), retrying in $((5 << (oml_i - 1))) s"
                sleep $((5 << (oml_i - 1)))
              done
            }
            oml_fresh() {
              for oml_f in /var/lib/apt/lists/*_Packages*; do break; done
              [ -e "$oml_f" ] || return 1
              # Refreshed within the hour (our stamp, apt's, or lists replaced since), and no source added or changed since.
              for oml_s in /var/lib/oml-deploy/apt-lists-refreshed /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists; do
                [ -e "$oml_s" ] && [ -n "$(find "$oml_s" -maxdepth 0 -mmin -%AGE% 2>/dev/null)" ] || continue
                for oml_f in /etc/apt/sources.list /etc/apt/sources.list.d /etc/apt/sources.list.d/*; do
                  if [ -e "$oml_f" ] && [ "$oml_f" -nt "$oml_s" ]; then continue 2; fi
                done
                return 0
              done
              return 1
            }
            oml_refresh() { oml_fresh || oml_update; }
            oml_apt() {
              oml_action=$1; shift
              oml_log=$(mktemp) || return 1
              oml_i=0
              while :; do
                oml_i=$((oml_i + 1))
                oml_wait || return 1
                oml_repair || { echo "oml: dpkg --configure -a failed; run it on the host and look at its errors" >&2; return 1; }
                { apt-get -y -q -o DPkg::Lock::Timeout=%WAIT% -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \\
                    --no-install-recommends "$oml_action" "$@" </dev/null; echo $? > "$oml_log.rc"; } 2>&1 | tee "$oml_log"
                if [ "$(cat "$oml_log.rc" 2>/dev/null)" = 0 ]; then rm -f "$oml_log" "$oml_log.rc"; return 0; fi
                oml_download_failed=0
                grep -qE 'Failed to fetch|Temporary failure|Could not connect|Connection failed|Connection timed out|Hash Sum mismatch|Unable to fetch|Undetermined Error' "$oml_log" && oml_download_failed=1
                if [ "$oml_i" -ge %TRIES% ] || [ "$oml_download_failed" = 0 ]; then
                  if [ -n "${oml_marks:-}" ] && [ "$oml_download_failed" = 1 ]; then awk '$1 ~ /^Err:/ { print "%MARK%" $2 " " $3 }' "$oml_log" | sort -u; fi
                  rm -f "$oml_log" "$oml_log.rc"; echo "oml: apt-get $oml_action failed" >&2; return 1
                fi
                echo "oml: download failed, refreshing the package lists and retrying in $((5 << (oml_i - 1))) s"
                sleep $((5 << (oml_i - 1)))
                apt-get -q -o DPkg::Lock::Timeout=%WAIT% update </dev/null || true
              done
            }
            """.replace("%AGE%", Integer.toString(LISTS_MAX_AGE_MINUTES)).replace("%WAIT%", Integer.toString(LOCK_WAIT_SECONDS))
            .replace("%TRIES%", Integer.toString(TRIES)).replace("%MARK%", UNREACHABLE_MARK);
}
