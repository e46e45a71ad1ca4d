package org.omnileads.deploy.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.omnileads.deploy.roles.Roles;

/**
 * Decides, on the workstation and before any host is touched, whose telephony a run installs:
 * the release's (given with {@code --release}, or the one a previous run installed, as
 * {@code my_inventory} records it) or the deployer's own. A release that carries telephony must
 * be of a supported line ({@link ReleaseLines}); a re-run without {@code --release} reads the
 * same release again, so that it never writes the deployer's own files over the release's.
 */
public final class ReleaseTelephony {
    /** my_inventory's record of the installed release's telephony: {@code VERSION PATH}. */
    public static final String RECORD = org.omnileads.deploy.artifacts.InstalledArtifacts.RELEASE_TELEPHONY;

    private ReleaseTelephony() {}

    /** What the run does. */
    public sealed interface Choice {
        /** The deployer's own telephony: no release, or one without telephony files. */
        record Own(String why) implements Choice {}

        /** The release's telephony, through these roles; {@code record} goes into my_inventory. */
        record FromRelease(Roles roles, String version, String record) implements Choice {}

        /** Refused: the message says what and what to do. Nothing is touched. */
        record Refused(String message) implements Choice {}
    }

    /**
     * @param given    {@code --release}, or null
     * @param previous my_inventory's records of the previous run
     */
    public static Choice choose(Roles roles, Path given, Map<String, String> previous) {
        Path path = given;
        String from = "--release " + given;
        if (path == null) {
            String rec = previous.get(RECORD);
            if (rec == null) return new Choice.Own("no release with telephony is installed or given");
            int sp = rec.indexOf(' ');
            path = Path.of(sp < 0 ? rec : rec.substring(sp + 1));
            from = "the installed release " + path + " (my_inventory " + RECORD + ")";
            if (!Files.exists(path)) {
                return new Choice.Refused(from + " is not there any more; it carries the cluster's telephony, so a run without it"
                        + " would replace that: give it again with --release PATH");
            }
        }
        Release r;
        try {
            r = Release.read(path);
        } catch (IOException e) {
            return new Choice.Refused(from + ": cannot read it: " + e.getMessage());
        }
        ReleaseLines.Verdict v = ReleaseLines.check(r);
        if (v instanceof ReleaseLines.Verdict.Refused x) return new Choice.Refused(from + ": " + x.reason() + "; nothing was touched");
        if (v instanceof ReleaseLines.Verdict.Supported s) {
            return new Choice.FromRelease(new ReleaseRoles(roles, r), s.version(), s.version() + " " + path.toAbsolutePath().normalize());
        }
        return new Choice.Own(from + " carries no telephony files (no " + ReleaseLines.ASTERISK_TASKS
                + "): the deployer's own Asterisk configuration is installed");
    }
}
