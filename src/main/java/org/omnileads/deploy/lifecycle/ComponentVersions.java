package org.omnileads.deploy.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.tasks.Facts;
import org.omnileads.deploy.tasks.Script;

/**
 * Which parts an upgrade replaces: for each, the installed and the wanted version, read on its
 * host without changing anything. The roles decide the same way (release by the archive's
 * SHA-256, Asterisk by its version's build, the dialer by comparing the archive), so this is what
 * the run will do, said before it starts.
 */
public final class ComponentVersions {
    private ComponentVersions() {}

    /**
     * One part: its name, host, installed and wanted versions (null: none), and whether the run
     * replaces it.
     */
    public record Part(String name, String host, String installed, String wanted, boolean replaced) {
        /** One line for the operator. */
        public String describe() {
            String have = installed == null ? "not installed" : installed;
            if (!replaced) return name + " on " + host + ": " + have + ", kept (wanted version is installed)";
            return name + " on " + host + ": " + have + " → " + (wanted == null ? "?" : wanted) + ", replaced";
        }
    }

    static String releaseProbe(String archive, String codeDir) {
        Script s = new Script();
        s.line("cat %q 2>/dev/null | head -n 1 | sed 's/^/installed=/'", codeDir + "/VERSION");
        s.line("cat %q 2>/dev/null | sed 's/^/installed_sha=/'", codeDir + "/.oml-release");
        s.line("if [ -f %q ]; then s=$(sha256sum < %q); echo \"wanted_sha=${s%% *}\";", archive, archive);
        s.line("  tar -xOf %q --wildcards --no-wildcards-match-slash VERSION ./VERSION '*/VERSION' 2>/dev/null | head -n 1 | sed 's/^/wanted=/'; fi", archive);
        return s.toString();
    }

    /** The web app's release: replaced when the archive placed for this run is not the installed one. */
    public static Part release(RemoteHost app, String archive, String codeDir) throws SshException {
        Facts f = Facts.parse(app.exec(RemoteCommand.script(releaseProbe(archive, codeDir))).stdout());
        return releasePart(app.host().name(), f);
    }

    static Part releasePart(String host, Facts f) {
        String installed = f.has("installed_sha") ? "release " + f.get("installed", "(no VERSION)") : null;
        boolean replaced = f.has("wanted_sha") && !f.get("wanted_sha").equals(f.get("installed_sha"));
        String wanted = f.has("wanted_sha") ? "release " + f.get("wanted", "(no VERSION)") : null;
        return new Part("web app", host, installed, wanted, replaced);
    }

    static String asteriskProbe(String prefix) {
        return Script.fmt("sed -n 's/^version=/installed=/p' %q 2>/dev/null\n", prefix + "/.oml-build");
    }

    /** Asterisk: rebuilt (or taken from the build cache) only when the wanted version is not the installed one. */
    public static Part asterisk(RemoteHost ast, String prefix, String wantedVersion) throws SshException {
        Facts f = Facts.parse(ast.exec(RemoteCommand.script(asteriskProbe(prefix))).stdout());
        String installed = f.has("installed") ? "Asterisk " + f.get("installed") : null;
        return new Part("Asterisk", ast.host().name(), installed, "Asterisk " + wantedVersion, !wantedVersion.equals(f.get("installed")));
    }

    static String dialerProbe(String archive, String deployed) {
        Script s = new Script();
        s.line("[ -f %q ] && { s=$(sha256sum < %q); echo \"installed=${s%% *}\"; }", deployed, deployed);
        s.line("[ -f %q ] && { s=$(sha256sum < %q); echo \"wanted=${s%% *}\"; }", archive, archive);
        return s.toString();
    }

    /** The dialer's web archive: replaced when it differs from the deployed one. */
    public static Part dialer(RemoteHost dialer, String archive, String deployed) throws SshException {
        Facts f = Facts.parse(dialer.exec(RemoteCommand.script(dialerProbe(archive, deployed))).stdout());
        String installed = f.has("installed") ? "archive " + f.get("installed").substring(0, Math.min(12, f.get("installed").length())) : null;
        String wanted = f.has("wanted") ? "archive " + f.get("wanted").substring(0, Math.min(12, f.get("wanted").length())) : null;
        return new Part("dialer", dialer.host().name(), installed, wanted, f.has("wanted") && !f.get("wanted").equals(f.get("installed")));
    }

    /** Lines for every part, in site order. */
    public static List<String> describe(List<Part> parts) {
        List<String> out = new ArrayList<>();
        for (Part p : parts) out.add(p.describe());
        return out;
    }
}
