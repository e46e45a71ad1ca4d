package org.omnileads.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.omnileads.deploy.artifacts.ReleaseArchive;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.InputFile;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.NearestName;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.run.Journal;
import org.omnileads.deploy.run.ResumeException;
import org.omnileads.deploy.run.RunOptions;
import org.omnileads.deploy.ssh.PasswordFile;

/**
 * Every option that can be checked on the workstation, checked before the first login: each
 * problem names the option, the value and what to do, and all of them are said at once (exit 2,
 * nothing touched). docs/bad-input.md lists them.
 */
final class InputChecks {
    /** A known_hosts file larger than this is not one (OpenSSH's are a few hundred bytes a host). */
    static final long KNOWN_HOSTS_MAX = 64L << 20;

    /** One problem: the option, its value as given, what is wrong and what to do. */
    record Problem(String option, String value, String what, String fix) {
        String format() {
            return "error: " + option + (value == null ? "" : " " + Printable.quoted(value)) + ": " + what
                    + (fix == null || fix.isEmpty() ? "" : "\n    what to do: " + fix);
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() { return List.copyOf(problems); }

    boolean ok() { return problems.isEmpty(); }

    private void add(String option, String value, String what, String fix) { problems.add(new Problem(option, value, what, fix)); }

    /** Prints every problem; true when there were none. */
    boolean report(Terminal t) {
        for (Problem p : problems) t.error(p.format());
        if (!problems.isEmpty()) t.error(problems.size() + " problem(s) with the command line; no host was contacted, nothing was changed");
        return problems.isEmpty();
    }

    /** The options shared by every command that runs roles, against the inventory (and the roles when loaded). */
    InputChecks options(RunOptionsMixin o, Inventory inv, Roles roles) {
        forks(o.forks);
        limit(o.limit, inv);
        if (roles != null) tags(o.tags, roles.tags());
        else emptyEntries("--tags", o.tags);
        release(o.release, inv, o.passwordFile);
        wombat(o.wombat, inv, o.passwordFile);
        knownHosts(o.knownHosts, o.acceptNewHostKeys);
        passwordFile(o.passwordFile, inv);
        return this;
    }

    /** {@code --roles DIR}: an existing folder holding site.yaml. */
    InputChecks rolesDir(Path dir) {
        if (dir == null) return this;
        String raw = dir.toString();
        if (raw.isEmpty()) {
            add("--roles", raw, "an empty path", "give the folder that holds site.yaml and the roles, or leave --roles out for the bundled roles");
        } else if (!Files.isDirectory(dir)) {
            add("--roles", raw, Files.exists(dir) ? "is not a directory" : "does not exist",
                    "give the folder that holds site.yaml and the roles, or leave --roles out for the bundled roles");
        } else if (!Files.isRegularFile(dir.resolve("site.yaml"))) {
            add("--roles", raw, "has no site.yaml", "give the folder that holds site.yaml (the phases) and one folder per role");
        }
        return this;
    }

    void forks(int forks) {
        if (forks < 1) add("--forks", Integer.toString(forks), "must be 1 or more (how many hosts are worked on at once)",
                "leave --forks out for the default of " + RunOptions.DEFAULT_FORKS);
    }

    void limit(List<String> limit, Inventory inv) {
        if (emptyEntries("--limit", limit)) return;
        List<String> names = inv.hosts().stream().map(Host::name).toList();
        for (String name : limit) {
            if (names.contains(name)) continue;
            add("--limit", name, "names no host of the inventory " + inv.source()
                            + NearestName.of(name, names).map(n -> " (did you mean " + n + "?)").orElse(""),
                    "choose from: " + String.join(", ", names));
        }
    }

    void tags(List<String> tags, Set<String> known) {
        if (emptyEntries("--tags", tags)) return;
        for (String tag : tags) {
            if (known.contains(tag)) continue;
            add("--tags", tag, "no task of the roles carries this tag" + NearestName.of(tag, known).map(n -> " (did you mean " + n + "?)").orElse(""),
                    known.isEmpty() ? "the roles have no tags: leave --tags out" : "choose from: " + String.join(", ", known));
        }
    }

    /** A list option given as {@code ""} or with an empty item ({@code a,,b}): true when it was said. */
    private boolean emptyEntries(String option, List<String> values) {
        if (values.stream().noneMatch(String::isBlank)) return false;
        add(option, String.join(",", values), "an empty list or an empty name in it", "give names separated by commas, or leave " + option + " out");
        return true;
    }

    /**
     * {@code --release}: a directory that is not the working directory and holds neither the
     * inventory nor the password file (they would be packed and uploaded), or a tarball that
     * unpacks into its own folder.
     */
    void release(Path release, Inventory inv, Path passwordFile) {
        if (release == null) return;
        String raw = release.toString();
        String fix = "give the release's directory, or a tarball of it packed with relative paths (tar -C DIR -czf release.tar.gz .)";
        if (raw.isBlank()) {
            add("--release", raw, "an empty path (it would mean the working directory)", fix);
            return;
        }
        if (Files.isDirectory(release) && packsSecrets("--release", release, inv, passwordFile, fix)) return;
        try {
            String why = ReleaseArchive.problem(release);
            if (why != null) add("--release", raw, why, fix);
        } catch (IOException e) {
            add("--release", raw, "cannot be read (" + e.getMessage() + ")", fix);
        }
    }

    /**
     * A directory to pack and upload that is the working directory or holds the inventory or the
     * password file: said (true), since they would leave the workstation with it.
     */
    private boolean packsSecrets(String option, Path dir, Inventory inv, Path passwordFile, String fix) {
        Path abs = abs(dir);
        if (abs.equals(abs(Path.of("")))) {
            add(option, dir.toString(), "is the working directory: it would pack and upload everything here", fix);
            return true;
        }
        for (Path secret : new Path[]{inv == null ? null : inv.source(), passwordFile}) {
            if (secret != null && abs(secret).startsWith(abs)) {
                add(option, dir.toString(), "holds " + secret + ": it would be packed and uploaded to a host", fix);
                return true;
            }
        }
        return false;
    }

    /** {@code --wombat}: a web archive (a zip, as .war files are) or a non-empty directory to zip, as {@code --release}. */
    void wombat(Path wombat, Inventory inv, Path passwordFile) {
        if (wombat == null) return;
        String raw = wombat.toString();
        String fix = "give the Wombat Dialer .war file, or a directory holding its unpacked contents";
        if (raw.isBlank()) {
            add("--wombat", raw, "an empty path", fix);
            return;
        }
        if (Files.isDirectory(wombat)) {
            if (!packsSecrets("--wombat", wombat, inv, passwordFile, fix) && isEmptyDirectory(wombat)) {
                add("--wombat", raw, "is an empty directory", fix);
            }
            return;
        }
        String why = InputFile.problem(wombat, Long.MAX_VALUE, false);
        if (why != null) {
            add("--wombat", raw, why, fix);
            return;
        }
        try (var in = Files.newInputStream(wombat)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
                add("--wombat", raw, "is not a web archive (a .war is a zip file)", fix);
            }
        } catch (IOException e) {
            add("--wombat", raw, "cannot be read (" + e.getMessage() + ")", fix);
        }
    }

    /**
     * {@code --known-hosts}: a readable known_hosts file; a missing or empty one only with
     * {@code --accept-new-host-keys}, which records the keys in it (its directory must exist).
     */
    void knownHosts(Path file, boolean acceptNew) {
        if (file == null) {
            defaultKnownHosts(org.omnileads.deploy.ssh.KnownHosts.atDefaultPlace().file());
            return;
        }
        String raw = file.toString();
        if (raw.isBlank()) {
            add("--known-hosts", raw, "an empty path", "give an OpenSSH known_hosts file, or leave --known-hosts out for ~/.ssh/known_hosts");
            return;
        }
        String why = InputFile.problem(file, KNOWN_HOSTS_MAX, true);
        boolean absent = "does not exist".equals(why);
        if (why != null && !absent) {
            add("--known-hosts", raw, why, "give an OpenSSH known_hosts file (lines HOST KEYTYPE KEY)");
            return;
        }
        Path dir = abs(file).getParent();
        if (absent && (dir == null || !Files.isDirectory(dir))) {
            add("--known-hosts", raw, "does not exist, nor does its directory", "create the directory, or give an existing known_hosts file");
            return;
        }
        boolean empty = absent || sizeOf(file) == 0;
        if (empty && !acceptNew) {
            add("--known-hosts", raw, (absent ? "does not exist" : "is empty") + ": no host key could be verified",
                    "check the path, or add --accept-new-host-keys to record the hosts' keys in it on this first run");
        }
    }

    /**
     * Without {@code --known-hosts}, {@code ~/.ssh/known_hosts} is read: when it exists it must be
     * a regular file of a sane size (a FIFO would hang the read, a device never end). Missing is
     * fine: a new host's key is then asked about.
     */
    void defaultKnownHosts(Path file) {
        String why = InputFile.problem(file, KNOWN_HOSTS_MAX, true);
        if (why == null || "does not exist".equals(why)) return;
        add("~/.ssh/known_hosts", file.toString(), why, "make it an OpenSSH known_hosts file (lines HOST KEYTYPE KEY),"
                + " or give another with --known-hosts FILE");
    }

    /** {@code --password-file}: readable, mode 0600, and a line for every host of the inventory. */
    void passwordFile(Path file, Inventory inv) {
        if (file == null) return;
        PasswordFile pf;
        try {
            pf = PasswordFile.read(file);
        } catch (IOException e) {
            add("--password-file", file.toString(), e.getMessage(), "a file of NAME=PASSWORD lines, one per inventory host, mode 0600");
            return;
        }
        if (inv == null) return;
        List<String> lacking = inv.hosts().stream().map(Host::name).filter(n -> pf.passwordOf(n).isEmpty()).toList();
        if (!lacking.isEmpty()) {
            add("--password-file", file.toString(), "has no password for " + String.join(", ", lacking),
                    "add a line NAME=PASSWORD for " + (lacking.size() == 1 ? "it" : "each"));
        }
    }

    /** {@code --resume}: a failed run in the inventory's journal to continue. */
    void resume(Path stateDir) {
        try {
            Journal.find(stateDir, RunOptions.LAST);
        } catch (ResumeException e) {
            add("--resume", null, e.getMessage(), "run the action itself (for example ./deploy -i -a); --resume continues a failed run");
        }
    }

    private static Path abs(Path p) { return p.toAbsolutePath().normalize(); }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
