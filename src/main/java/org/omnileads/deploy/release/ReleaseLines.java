package org.omnileads.deploy.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which OMniLeads release lines this stack installs, and why the others are refused. Decided on
 * the workstation from the release's own files, before any host is touched.
 *
 * <p>A release whose tree carries no installer ({@code deploy/ansible/roles/asterisk/}) brings no
 * telephony of its own: the deployer's roles keep their own Asterisk and Kamailio configuration
 * (the stand-in releases of the tests are such trees). A release that carries it must be of a
 * supported line, and its dialplan must not need chan_sip.
 */
public final class ReleaseLines {
    /** Lines (major.minor) whose telephony works on this stack: PJSIP dialplan, Python 3 AGIs. */
    public static final List<String> SUPPORTED = List.of("1.11");
    /** The old installer's task list that says which telephony file goes where. */
    public static final String ASTERISK_TASKS = "deploy/ansible/roles/asterisk/tasks/configuration.yml";
    static final String DIALPLAN = "ominicontacto_voip/asterisk-files/conf/";
    /** chan_sip's dialplan applications and functions, and dialling a SIP/ channel (words in Verbose texts do not count). */
    private static final Pattern CHAN_SIP = Pattern.compile("\\b(?:SIPAddHeader|SIPRemoveHeader|SIPDtmfMode|SIP_HEADER|SIPCHANINFO)\\(|\\bDial\\(SIP/");

    private ReleaseLines() {}

    /** The verdict on one release. */
    public sealed interface Verdict {
        /** The release carries no telephony: the deployer's own configuration is installed. */
        record NoTelephony() implements Verdict {}

        /** The release's telephony is installed. */
        record Supported(String version, String line) implements Verdict {}

        /** Refused, with the reason and what to do, before any host is touched. */
        record Refused(String reason) implements Verdict {}
    }

    public static Verdict check(Release r) {
        if (!r.has(ASTERISK_TASKS) && r.under(DIALPLAN).isEmpty()) return new Verdict.NoTelephony();
        String chanSip = chanSip(r);
        Optional<String> version = r.version();
        if (chanSip != null) {
            return new Verdict.Refused("release " + version.orElse("(version unknown)") + " needs chan_sip (" + chanSip
                    + "); chan_sip is gone from Asterisk 21 and later, and this stack runs Asterisk 22 with PJSIP:"
                    + " install a " + String.join(" or ", SUPPORTED.stream().map(l -> l + ".x").toList()) + " release");
        }
        if (version.isEmpty()) {
            return new Verdict.Refused("cannot tell the release's version: put X.Y.Z in a VERSION file at its top, or name its folder"
                    + " or archive ominicontacto-X.Y.Z (supported lines: " + supported() + ")");
        }
        String line = line(version.get());
        if (!SUPPORTED.contains(line)) {
            return new Verdict.Refused("release " + version.get() + " is of line " + line + ", which this deployer does not install"
                    + " (supported: " + supported() + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String need : List.of(ASTERISK_TASKS, DIALPLAN + "oml_extensions.conf")) if (!r.has(need)) missing.add(need);
        if (!missing.isEmpty()) {
            return new Verdict.Refused("the release lacks " + String.join(", ", missing)
                    + ": give the whole source tree of the release tag (folder or tarball)");
        }
        return new Verdict.Supported(version.get(), line);
    }

    static String supported() { return String.join(", ", SUPPORTED.stream().map(l -> l + ".x").toList()); }

    /** major.minor of X.Y.Z. */
    static String line(String version) {
        String[] p = version.split("\\.");
        return p.length < 2 ? version : p[0] + "." + p[1];
    }

    /** The first chan_sip use in the release's dialplan as "FILE:LINE: text", or null. */
    static String chanSip(Release r) {
        for (String f : r.under(DIALPLAN)) {
            if (!f.endsWith(".conf")) continue;
            String[] lines = r.text(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String code = lines[i];
                int semi = code.indexOf(';');
                if (semi >= 0) code = code.substring(0, semi);
                Matcher m = CHAN_SIP.matcher(code);
                if (m.find()) return f + ":" + (i + 1) + ": " + m.group().replace("(", "");
            }
        }
        return null;
    }
}
