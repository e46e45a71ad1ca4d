package org.omnileads.deploy.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options shared by every command that runs roles on hosts ({@code deploy -i -a}, {@code deploy demo}, ...). */
public final class RunOptionsMixin {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Root passwords for non-interactive runs: lines NAME=PASSWORD (host name as in the inventory). "
                    + "Refused unless the file's mode is 0600 or stricter.")
    Path passwordFile;

    @Option(names = "--same-password", description = "Ask the root password once and use it for every host.")
    boolean samePassword;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "OpenSSH known_hosts file to verify host keys against (default: ~/.ssh/known_hosts; "
                    + "lab/known_hosts for an inventory inside a lab directory).")
    Path knownHosts;

    @Option(names = "--accept-new-host-keys",
            description = "Record the key of a host never seen before without asking (like OpenSSH's accept-new). "
                    + "A CHANGED key is always refused.")
    boolean acceptNewHostKeys;

    @Option(names = "--keep-sessions", defaultValue = "0", paramLabel = "SECONDS", converter = KeepSeconds.class,
            description = "Keep this run's SSH sessions open SECONDS after their last use, in a process of yours, so that a run "
                    + "within that time logs in to nobody and asks no password (as OpenSSH's ControlPersist, which Ansible runs with). "
                    + "Default 0: every session closes with the run. Meanwhile anyone who can act as your user can run commands "
                    + "as root on those hosts; 'deploy sessions --close' ends them at once.")
    Duration keepSessions;

    /** Whole seconds from 0 to a day: sessions kept longer would be forgotten, not kept. */
    static final class KeepSeconds implements ITypeConverter<Duration> {
        static final int MAX = 86_400;

        @Override
        public Duration convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 0 && n <= MAX) return Duration.ofSeconds(n);
            } catch (NumberFormatException e) {
                // Said below.
            }
            throw new TypeConversionException("'" + value + "' is not a number of seconds from 0 to " + MAX);
        }
    }

    @Option(names = "--copy-id", description = "Install the workstation's public key for root on each host, so later runs need no password.")
    boolean copyId;

    @Option(names = "--check", description = "Change nothing; say what would change (\"unknown\" where a task depends on an earlier change).")
    boolean check;

    @Option(names = "--diff", description = "Show file differences (secrets masked).")
    boolean diff;

    @Option(names = "--json", description = "Write the events as JSON lines on standard output, each with \"schema\":1 (docs/events.schema.json); "
                    + "the last line is the recap (RunFinished), or an Error object with the exit code and the messages "
                    + "when the command stopped before or without a run.")
    boolean json;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colours: auto (the default: on a terminal, unless NO_COLOR is set), always or never. "
                    + "Output to a pipe or a file is plain lines either way.")
    Colors color = Colors.AUTO;

    @Option(names = "--detailed-exitcode",
            description = "Exit 5 instead of 0 when the run succeeded and changed something (with --check: would change "
                    + "something), so 0 means nothing changed.")
    boolean detailedExitcode;

    @Option(names = {"-v", "--verbose"}, description = "Print every output line of remote commands.")
    boolean verbose;

    @Option(names = "--forks", defaultValue = "10", paramLabel = "N", description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--limit", split = ",", paramLabel = "HOST", description = "Run only on these inventory hosts (comma-separated).")
    List<String> limit = new ArrayList<>();

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Run only tasks carrying one of these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--roles", paramLabel = "DIR", description = "Run the roles from DIR instead of the ones inside this build (for adapted roles).")
    Path rolesDir;

    @Option(names = "--allow-weak-passwords", description = "Install or change passwords (-cp) even when the inventory has weak passwords: the old template's examples, "
                    + "placeholders, fewer than 8 characters, a user's name. An upgrade only warns about them.")
    boolean allowWeakPasswords;

    @Option(names = "--release", paramLabel = "PATH",
            description = "OMniLeads release to install (a directory or a tarball); needed on the first install.")
    Path release;

    @Option(names = "--wombat", paramLabel = "PATH", description = "Wombat Dialer web archive (instead of downloading wombat_url).")
    Path wombat;

    @Option(names = "--lab", description = "The hosts are lab containers: memory and disk below the seed's figures are warnings, not failures.")
    boolean lab;
}
