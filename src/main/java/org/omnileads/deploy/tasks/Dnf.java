package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Map;

/**
 * dnf (Rocky, Alma, RHEL, Fedora), behind the same interface as {@link Apt}. Built and
 * unit-tested on the commands it produces; no test host runs it yet.
 */
public record Dnf() implements PackageManager {
    @Override
    public String probe(List<String> names, boolean candidates) {
        String bare = Script.words(names.stream().map(PackageManager::bare).toList());
        StringBuilder s = new StringBuilder();
        // rpm prints "package X is not installed" on stdout: keep only the formatted lines.
        s.append("rpm -q --qf 'pkg=%{NAME}\\t%{VERSION}-%{RELEASE}\\n' ").append(bare).append(" 2>/dev/null | grep '^pkg='\n");
        if (candidates) {
            s.append("dnf -q repoquery --latest-limit 1 --qf 'candidate=%{name}\\t%{version}-%{release}' ").append(bare).append(" 2>/dev/null\n");
        }
        return s.toString();
    }

    @Override public Map<String, String> installed(Facts facts) { return PackageManager.pairs(facts, "pkg"); }

    @Override public Map<String, String> candidates(Facts facts) { return PackageManager.pairs(facts, "candidate"); }

    /** Refreshes the metadata; dnf downloads at install time ({@code fetch} is not fetched ahead). */
    @Override
    public String repositoryCheck(List<String> fetch) {
        return """
                oml_i=0
                until dnf -q makecache --refresh </dev/null; do
                  oml_i=$((oml_i + 1))
                  [ "$oml_i" -ge 4 ] && { echo "oml: dnf makecache failed $oml_i times" >&2; echo "%CMD%dnf makecache --refresh"; exit 1; }
                  echo "oml: dnf makecache failed (try $oml_i of 4), retrying in $((5 << (oml_i - 1))) s"
                  sleep $((5 << (oml_i - 1)))
                done
                exit 0
                """.replace("%CMD%", FAILED_COMMAND_MARK);
    }

    @Override
    public String repositoryCommand() { return "dnf makecache --refresh"; }

    @Override
    public String installScript(List<String> names) {
        Script s = new Script();
        s.raw("set --");
        s.raw("for oml_n in " + Script.words(names) + "; do");
        s.raw("  rpm -q \"${oml_n%%=*}\" >/dev/null 2>&1 || set -- \"$@\" \"${oml_n%%=*}\"");
        s.raw("done");
        s.raw("[ $# -gt 0 ] || exit 99");
        s.raw("dnf -y install \"$@\" || exit 1");
        s.raw("exit 0");
        return s.toString();
    }

    @Override
    public String removeScript(List<String> names) {
        Script s = new Script();
        s.raw("set --");
        s.raw("for oml_n in " + Script.words(names) + "; do");
        s.raw("  rpm -q \"${oml_n%%=*}\" >/dev/null 2>&1 && set -- \"$@\" \"${oml_n%%=*}\"");
        s.raw("done");
        s.raw("[ $# -gt 0 ] || exit 99");
        s.raw("dnf -y remove \"$@\" || exit 1");
        s.raw("exit 0");
        return s.toString();
    }

    @Override
    public String upgradeScript(List<String> names) {
        String bare = Script.words(names.stream().map(PackageManager::bare).toList());
        Script s = new Script();
        s.raw("oml_before=$(rpm -q " + bare + " 2>&1)");
        s.raw("dnf -y install " + bare + " || exit 1");
        s.raw("dnf -y upgrade " + bare + " || exit 1");
        s.raw("[ \"$oml_before\" = \"$(rpm -q " + bare + " 2>&1)\" ] && exit 99");
        s.raw("exit 0");
        return s.toString();
    }
}
