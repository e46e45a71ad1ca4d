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

    /** The secret Kamailio's auth_ephemeral and the app derive agents' SIP credentials from. */
    public static final String EPHEMERAL_SECRET = org.omnileads.deploy.artifacts.InstalledArtifacts.EPHEMERAL_SECRET;
    /** What a secret written into the release's Kamailio cfg (a #!substdef value) may hold. */
    static final java.util.regex.Pattern SECRET_CHARS = java.util.regex.Pattern.compile("[A-Za-z0-9._~+=/-]{16,128}");

    private ReleaseTelephony() {}

    /**
     * The ephemeral-auth secret: the inventory's, else the one the previous run recorded in
     * my_inventory, else a new one (generated once: recorded by this run). Never empty.
     *
     * @throws IllegalArgumentException when the inventory's cannot be written into the release's cfg
     */
    public static String ephemeralSecret(Map<String, String> inventory, Map<String, String> previous) {
        String given = inventory.get(EPHEMERAL_SECRET);
        if (given != null && !given.isBlank()) {
            if (!SECRET_CHARS.matcher(given).matches()) {
                throw new IllegalArgumentException(EPHEMERAL_SECRET + " must be 16 to 128 of A-Z a-z 0-9 . _ ~ + = / -"
                        + " (the release's kamailio.cfg holds it in a #!substdef); leave it out and one is generated");
            }
            return given;
        }
        String kept = previous.get(EPHEMERAL_SECRET);
        if (kept != null && SECRET_CHARS.matcher(kept).matches()) return kept;
        return org.omnileads.deploy.secrets.PasswordGenerator.generate(32);   // its alphabet is within SECRET_CHARS
    }

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
