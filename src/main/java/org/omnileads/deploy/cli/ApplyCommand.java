package org.omnileads.deploy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.InputFile;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.inventory.Wiring;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.run.RunOptions;
import org.omnileads.deploy.ssh.Connections;
import org.omnileads.deploy.ssh.ConnectOptions;
import org.omnileads.deploy.ssh.Connector;
import org.omnileads.deploy.ssh.Credentials;
import org.omnileads.deploy.ssh.HostConnector;
import org.omnileads.deploy.ssh.HostKeyPolicy;
import org.omnileads.deploy.ssh.KnownHosts;
import org.omnileads.deploy.ssh.PasswordFile;
import org.omnileads.deploy.ssh.PasswordPrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deploy apply} (hidden): runs a roles folder's {@code site.yaml} on any number of generic
 * hosts listed in an Ansible-style hosts file, with no OMniLeads inventory. Made for the benchmark
 * against Ansible ({@code bench/}), where one role runs on 5, 10 or 20 identical hosts, which an
 * OMniLeads inventory (one host per component) cannot describe. Only {@code on: all} phases have
 * hosts here: the wiring is empty.
 */
@Command(name = "apply", hidden = true, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the phases of DIR/site.yaml that are `on: all` on every host of an Ansible-style hosts file "
                + "(a [GROUP] of `NAME ansible_host=ADDRESS [ansible_port=N]` lines, [GROUP:vars] with variables for the roles). "
                + "Root passwords come only from --password-file (ansible_password, ansible_user and "
                + "ansible_python_interpreter in the hosts file are ignored; the login is root). "
                + "Journal and logs go to .deploy/ next to the hosts file. Used by bench/run.sh."},
        footerHeading = "%nExample:%n",
        footer = {"  ./deploy apply --hosts bench/inventory.ini --roles bench/roles \\",
                "      --password-file pw --accept-new-host-keys --json"})
public final class ApplyCommand implements Callable<Integer> {
    /** Settings of the hosts file that are never used: the login is root, and passwords come from --password-file. */
    static final Set<String> IGNORED_VARIABLES = Set.of("ansible_password", "ansible_ssh_pass", "ansible_user", "ansible_ssh_user",
            "ansible_python_interpreter", "ansible_become", "ansible_become_password", "ansible_become_pass", "ansible_connection");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The section being read was reported as unsupported: its lines are skipped. */
    private static final String SKIPPED = ":skipped:";

    @ParentCommand DeployCommand parent;

    @Option(names = "--hosts", required = true, paramLabel = "FILE",
            description = "Ansible-style hosts file: [GROUP] sections of `NAME ansible_host=ADDRESS` lines, [GROUP:vars] variables.")
    Path hostsFile;

    /** --roles DIR, --password-file, --known-hosts, --accept-new-host-keys, --json, --check, --diff, -v, --forks, --limit, --tags. */
    @Mixin RunOptionsMixin run;

    /** A hosts file read: hosts in order of first appearance and the variables of the :vars sections. */
    record HostsFile(List<Host> hosts, Map<String, String> variables) {}

    /** Raised with FILE:LINE messages when the hosts file cannot be used. */
    static final class HostsFileException extends Exception {
        HostsFileException(String message) { super(message); }
    }

    @Override
    public Integer call() {
        Terminal t = parent.terminal();
        RunOptionsMixin o = run;
        if (o.rolesDir == null) {
            t.error("error: apply needs --roles DIR (a folder with site.yaml and the roles it names)");
            return ExitCode.USAGE;
        }
        List<String> unused = new ArrayList<>();
        if (o.copyId) unused.add("--copy-id");
        if (o.samePassword) unused.add("--same-password");
        if (o.lab) unused.add("--lab");
        if (o.allowWeakPasswords) unused.add("--allow-weak-passwords");
        if (!unused.isEmpty()) {
            t.error("error: apply does not take " + String.join(", ", unused) + " (see deploy apply --help)");
            return ExitCode.USAGE;
        }
        HostsFile hf;
        try {
            hf = readHosts(hostsFile);
        } catch (HostsFileException e) {
            t.error(e.getMessage());
            return ExitCode.USAGE;
        }
        Inventory inv = inventoryOf(hostsFile, hf);
        if (!new InputChecks().rolesDir(o.rolesDir).report(t)) return ExitCode.USAGE;
        DeployFlow flow = new DeployFlow(parent, t);
        Roles roles = flow.roles(o);
        if (roles == null) return ExitCode.USAGE;
        if (!new InputChecks().options(o, inv, roles).report(t)) return ExitCode.USAGE;

        // The command line is good: this run will log in (unless the session keeper has the hosts), so its key exchange key is made meanwhile.
        if (o.keepSessions.isZero()) Connector.prepareKeyExchange();
        PasswordPrompt passwords = PasswordPrompt.none();
        if (o.passwordFile != null) {
            try {
                PasswordFile pf = PasswordFile.read(o.passwordFile);
                t.redactor().addAll(pf.passwords());
                passwords = pf.asPrompt();
            } catch (IOException e) {
                t.error("error: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        Path khFile = HostAccess.knownHostsFile(o, inv);
        KnownHosts kh = khFile != null ? new KnownHosts(khFile) : KnownHosts.atDefaultPlace();
        HostKeyPolicy keys = o.acceptNewHostKeys ? HostKeyPolicy.acceptNew(kh) : HostKeyPolicy.knownOnly(kh);
        Credentials creds = Credentials.withUserKeys(passwords, t.redactor(), msg -> t.error("note: " + msg));
        int forks = o.forks;
        ConnectOptions connect = ConnectOptions.of(keys, creds).withParallel(forks).withNotices(msg -> t.error("note: " + msg));
        Path stateDir = hostsFile.toAbsolutePath().getParent().resolve(".deploy");
        try (HostConnector connector = HostConnector.open(connect, o.keepSessions); Connections conns = connector.connectAll(inv.hosts())) {
            if (!HostAccess.report(conns, t)) return ExitCode.UNREACHABLE;
            RunOptions opts = new RunOptions("apply", o.check, o.diff, forks, Set.of(), o.limit, o.tags, DeployFlow.extraVariables(o),
                    stateDir, null);
            return DeployFlow.detailed(o, t, DeployFlow.runWithViews(t, o, roles, inv, conns.sessions(), opts, stateDir));
        }
    }

    /** The inventory of generic hosts: no component wiring, topology custom, the file's variables. */
    static Inventory inventoryOf(Path source, HostsFile hf) {
        return new Inventory(source, hf.hosts(), new Wiring(new EnumMap<>(Component.class)), hf.variables(), Topology.CUSTOM);
    }

    /**
     * Reads an Ansible-style hosts file. {@code [GROUP]} sections hold host lines
     * {@code NAME ansible_host=ADDRESS [ansible_port=N]} (a host named in several groups counts once);
     * {@code [GROUP:vars]} sections hold {@code NAME=VALUE} lines, kept for the roles except the
     * login settings of {@link #IGNORED_VARIABLES}. {@code #} and {@code ;} start a comment line.
     */
    static HostsFile readHosts(Path file) throws HostsFileException {
        String text;
        try {
            text = new String(InputFile.read(file, InventoryParser.MAX_BYTES, false), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HostsFileException("error: --hosts " + e.getMessage());
        }
        Map<String, Host> hosts = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            String where = file + ":" + n + ": ";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    problems.add(where + "expected a section header [GROUP] or [GROUP:vars]");
                    section = null;
                } else {
                    section = line.substring(1, line.length() - 1).strip();
                    if (section.isEmpty() || (section.contains(":") && !section.endsWith(":vars"))) {
                        problems.add(where + "section [" + section + "] is not supported here (only [GROUP] and [GROUP:vars])");
                        section = SKIPPED;
                    }
                }
                continue;
            }
            if (section == null) {
                problems.add(where + "a line outside any section; start with [targets]");
                continue;
            }
            if (section.equals(SKIPPED)) continue;
            if (section.endsWith(":vars")) {
                int eq = line.indexOf('=');
                String name = eq < 0 ? line : line.substring(0, eq).strip();
                if (eq < 0 || !VARIABLE.matcher(name).matches()) {
                    problems.add(where + "expected NAME=VALUE in [" + section + "]");
                    continue;
                }
                if (IGNORED_VARIABLES.contains(name)) continue;
                vars.put(name, line.substring(eq + 1).strip());
                continue;
            }
            String[] words = line.split("\\s+");
            String name = words[0];
            if (!NAME.matcher(name).matches()) {
                problems.add(where + "'" + name + "' is not a host name (letters, digits, '.', '-', '_')");
                continue;
            }
            String address = null;
            int port = 22;
            boolean bad = false;
            for (int w = 1; w < words.length; w++) {
                int eq = words[w].indexOf('=');
                String key = eq < 0 ? words[w] : words[w].substring(0, eq);
                String value = eq < 0 ? "" : words[w].substring(eq + 1);
                switch (key) {
                    case "ansible_host", "ansible_ssh_host" -> address = value;
                    case "ansible_port", "ansible_ssh_port" -> {
                        try {
                            port = Integer.parseInt(value);
                            if (port < 1 || port > 65535) throw new NumberFormatException();
                        } catch (NumberFormatException e) {
                            problems.add(where + "port '" + value + "' is not a number from 1 to 65535");
                            bad = true;
                        }
                    }
                    default -> {
                        if (!IGNORED_VARIABLES.contains(key)) {
                            problems.add(where + "unsupported host setting " + key
                                    + " (a host line is NAME ansible_host=ADDRESS [ansible_port=N]; variables go in [" + section + ":vars])");
                            bad = true;
                        }
                    }
                }
            }
            if (bad) continue;
            if (address == null || address.isEmpty()) address = name;
            Host previous = hosts.get(name);
            if (previous == null) {
                hosts.put(name, new Host(name, address, port, "root", n));
            } else if (!previous.address().equals(address) || previous.port() != port) {
                problems.add(where + "host " + name + " was given as " + previous.address() + ":" + previous.port()
                        + " on line " + previous.line());
            }
        }
        if (problems.isEmpty() && hosts.isEmpty()) problems.add("error: " + file + ": no hosts (expected [targets] with NAME ansible_host=ADDRESS lines)");
        if (!problems.isEmpty()) throw new HostsFileException(String.join("\n", problems));
        return new HostsFile(List.copyOf(hosts.values()), vars);
    }
}
