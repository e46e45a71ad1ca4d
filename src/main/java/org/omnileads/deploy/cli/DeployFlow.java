package org.omnileads.deploy.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.artifacts.Artifacts;
import org.omnileads.deploy.artifacts.InstalledArtifacts;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryException;
import org.omnileads.deploy.inventory.InventoryLocator;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.inventory.MyInventoryWriter;
import org.omnileads.deploy.inventory.PasswordCheck;
import org.omnileads.deploy.lifecycle.ChangedFiles;
import org.omnileads.deploy.lifecycle.EnvarsNames;
import org.omnileads.deploy.lifecycle.ReadBack;
import org.omnileads.deploy.inventory.InventoryParser;
import java.util.Set;
import org.omnileads.deploy.pki.CertificateAuthority;
import org.omnileads.deploy.release.ReleaseTelephony;
import org.omnileads.deploy.preflight.Check;
import org.omnileads.deploy.preflight.Preflight;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.run.EventBus;
import org.omnileads.deploy.run.JsonEvents;
import org.omnileads.deploy.run.ResumeException;
import org.omnileads.deploy.run.RunOptions;
import org.omnileads.deploy.run.RunResult;
import org.omnileads.deploy.run.Runner;
import org.omnileads.deploy.run.Subscriber;
import org.omnileads.deploy.ssh.Connector;
import org.omnileads.deploy.ssh.RemoteHost;
import sun.misc.Signal;

/**
 * Wires one run of {@code deploy}: inventory, roles (checked before any host is touched),
 * logins, preflight, the runner with its views, and {@code my_inventory} afterwards, whatever
 * the result. Only wiring: every step is a library call.
 */
final class DeployFlow {
    private final DeployCommand cmd;
    private final Terminal t;
    /** What this run uploaded, as my_inventory records it once the run succeeds. */
    private final Map<String, String> placed = new LinkedHashMap<>();
    /** Values the release's telephony adds for the roles (the ephemeral-auth secret). */
    private final Map<String, Object> telephonyVars = new LinkedHashMap<>();
    /** The run's inventory; for -u it may be completed with values read back from the hosts. */
    private Inventory inv;
    /** Variables the inventory lacks that -u reads back from the hosts, and the file's bytes. */
    private Set<String> readBack = Set.of();
    private byte[] inventoryBytes;
    /** Values my_inventory records instead of the inventory's: the installed ones after a refused upgrade. */
    private final Map<String, String> recordInstead = new LinkedHashMap<>();

    DeployFlow(DeployCommand cmd, Terminal t) {
        this.cmd = cmd;
        this.t = t;
    }

    /** Locates and parses the inventory, saying which file is used; null after printing the problems. */
    Inventory inventory(Path explicit) { return inventory(explicit, false); }

    /**
     * As {@link #inventory(Path)}; for {@code -u} ({@code upgrade}), a file whose only problems
     * are service users or passwords the installed hosts hold is read with stand-ins for them
     * ({@link #readBack}): the upgrade reads the real values from the hosts before anything
     * else uses them.
     */
    private Inventory inventory(Path explicit, boolean upgrade) {
        Path file;
        try {
            InventoryLocator.Located loc = InventoryLocator.locate(explicit, Path.of("").toAbsolutePath());
            if (explicit == null) t.error(loc.message());
            file = loc.file();
        } catch (InventoryException e) {
            for (InventoryProblem p : e.problems()) t.error(p.format());
            return null;
        }
        if (upgrade) {
            try {
                InventoryParser.parse(file);
            } catch (InventoryException e) {
                Inventory pending = pendingReadBack(file, e);
                if (pending != null) return pending;
            }
        }
        return InventoryCommand.load(file, t);
    }

    /**
     * One password rule for every action that sets passwords ({@code -i}, {@code -u}, {@code -cp}):
     * {@link PasswordCheck}. An install or a change of passwords refuses weak ones (unless
     * {@code --allow-weak-passwords}); an upgrade keeps the passwords the cluster already holds,
     * so it warns and continues (the values it reads back from the hosts are not judged here).
     */
    private boolean passwordsStrongEnough(String action, RunOptionsMixin o) {
        boolean upgrade = "upgrade".equals(action);
        if (o.allowWeakPasswords || !(upgrade || "install".equals(action) || "change-passwords".equals(action))) return true;
        List<InventoryProblem> weak = PasswordCheck.weakPasswords(inv).stream()
                .filter(p -> !readBack.contains(p.message().split(" ", 2)[0])).toList();
        if (weak.isEmpty()) return true;
        if (upgrade) {
            weak.forEach(p -> t.error("warning: " + p.format()));
            t.error("warning: the upgrade keeps these " + weak.size() + " weak password(s) the cluster holds; "
                    + "change them afterwards with ./deploy -cp (docs/upgrade.md)");
            return true;
        }
        weak.forEach(p -> t.error(p.format()));
        t.error("refusing to " + ("install".equals(action) ? "install" : "set passwords") + " with weak or example passwords ("
                + weak.size() + "); nothing was touched");
        return false;
    }

    /** The inventory with stand-ins for what the hosts can supply, or null when other problems are there. */
    private Inventory pendingReadBack(Path file, InventoryException e) {
        Set<String> missing = ReadBack.readable(e);
        if (missing.isEmpty()) return null;
        try {
            inventoryBytes = java.nio.file.Files.readAllBytes(file);
            Inventory pending = ReadBack.pending(file, inventoryBytes, missing);
            t.redactor().addAll(pending.secretValues());
            readBack = missing;
            t.error("note: the inventory lacks " + String.join(", ", missing) + ": the upgrade reads them back from the installed cluster");
            return pending;
        } catch (IOException | InventoryException again) {
            return null;
        }
    }

    Roles roles(RunOptionsMixin o) {
        try {
            return o.rolesDir != null ? RoleLoader.fromDirectory(o.rolesDir) : RoleLoader.bundled();
        } catch (RoleException e) {
            e.problems().forEach(t::error);
            t.error("the roles have " + e.problems().size() + " problem(s); no host was touched");
            return null;
        }
    }

    /**
     * The names the installed environment file exports the read-back variables as, from the
     * roles' own template; null after saying which the template lacks (before any host is touched).
     */
    private EnvarsNames envarsNames(Roles roles) {
        try {
            return EnvarsNames.of(roles);
        } catch (RoleException e) {
            e.problems().forEach(t::error);
            t.error("the upgrade cannot read the installed values back without them; no host was touched");
            return null;
        }
    }

    int preflightOnly(Path explicit, RunOptionsMixin o) {
        Inventory inv = inventory(explicit);
        if (inv == null) return ExitCode.USAGE;
        if (!new InputChecks().options(o, inv, null).report(t)) return ExitCode.USAGE;
        try (HostAccess access = open(inv, o)) {
            if (access == null) return ExitCode.USAGE;
            boolean allIn = access.report(t);
            List<Check> checks = preflight(inv, o, access);
            if (!allIn) return ExitCode.UNREACHABLE;
            return PreflightReport.blocks(checks) ? ExitCode.TASK_FAILED : ExitCode.OK;
        }
    }

    private HostAccess open(Inventory inv, RunOptionsMixin o) {
        try {
            return HostAccess.open(inv, o, t);
        } catch (IOException e) {
            t.error("error: " + e.getMessage());
            return null;
        }
    }

    private List<Check> preflight(Inventory inv, RunOptionsMixin o, HostAccess access) {
        boolean lab = o.lab || HostAccess.isLabInventory(inv.source());
        Map<Host, org.omnileads.deploy.ssh.SshException> failed = new LinkedHashMap<>();
        access.connections().failures().forEach(f -> failed.put(f.host(), f.error()));
        List<Check> checks = new Preflight(inv, new Preflight.Options(lab)).run(access.connections().sessions(), failed);
        if (o.json) t.rawOut().println(t.redactor().redact(PreflightReport.json(checks)));
        else PreflightReport.table(checks, t);
        return checks;
    }

    int run() {
        RunOptionsMixin o = cmd.run;
        String action = cmd.action();
        inv = inventory(cmd.inventory, "upgrade".equals(action));
        if (inv == null) return ExitCode.USAGE;
        Path stateDir = inv.source().toAbsolutePath().getParent().resolve(".deploy");
        if (!new InputChecks().rolesDir(o.rolesDir).report(t)) return ExitCode.USAGE;
        Roles roles = roles(o);
        if (roles == null) return ExitCode.USAGE;
        InputChecks input = new InputChecks().options(o, inv, roles);
        if (cmd.resume) input.resume(stateDir);
        if (!input.report(t)) return ExitCode.USAGE;
        // The command line is good: this run will log in (unless the session keeper has the hosts), so its key exchange key is made meanwhile.
        if (o.keepSessions.isZero()) Connector.prepareKeyExchange();
        if (!passwordsStrongEnough(action, o)) return ExitCode.USAGE;
        EnvarsNames envars = null;
        if ("upgrade".equals(action) && (envars = envarsNames(roles)) == null) return ExitCode.USAGE;
        // The release was checked with the other options (InputChecks); its telephony, if it has its own, is read now.
        if ((roles = telephony(roles, o)) == null) return ExitCode.USAGE;

        String result;
        int exit;
        try (HostAccess access = open(inv, o)) {
            if (access == null) return ExitCode.USAGE;
            if (!access.report(t)) {
                exit = ExitCode.UNREACHABLE;
                result = "failed: host unreachable or login refused";
            } else {
                if (o.copyId) access.copyId(t);
                List<Check> checks = preflight(inv, o, access);
                if (PreflightReport.blocks(checks)) {
                    t.error("preflight found problems that block the run; nothing was changed");
                    exit = ExitCode.TASK_FAILED;
                    result = "failed: preflight";
                } else if ((exit = beforeUpgrade(access, action, envars)) != ExitCode.OK) {
                    result = exit == ExitCode.USAGE ? "failed: the inventory differs from the installed cluster; nothing was changed"
                            : "failed: backup before the upgrade; nothing was changed";
                } else {
                    Map<String, Object> tls = certificates(inv, stateDir);
                    Path asteriskCache = o.check ? null : placeArtifacts(inv, roles, access);
                    // (with --check the new artifacts are not placed: nothing to compare them with)
                    if ("upgrade".equals(action) && !o.check) new UpgradeSteps(inv, access, t, envars).sayParts(roles);
                    exit = runRoles(inv, roles, access, stateDir, action, tls);
                    if (asteriskCache != null && exit == ExitCode.OK) {
                        Host ast = inv.wiring().host(Component.ASTERISK);
                        artifacts().keepAsteriskBuild(access.session(ast), asteriskCache, string(roles, "asterisk", "asterisk_artifact"));
                    }
                    result = exit == 0 ? "success" : exit == ExitCode.INTERRUPTED ? "interrupted" : "failed (exit " + exit + ")";
                }
            }
        } catch (IOException | org.omnileads.deploy.ssh.SshException e) {
            t.error("error: " + e.getMessage());
            exit = ExitCode.TASK_FAILED;
            result = "failed: " + e.getMessage();
        }
        if (o.check) return exit;
        if (ReadBack.isPending(inv)) t.error("my_inventory not written: the values to read back from the cluster were not read");
        else writeMyInventory(inv, action, result, exit == ExitCode.OK);
        return exit;
    }

    /** The roles with the release's telephony when the release carries it; null (said) when the release is refused. */
    private Roles telephony(Roles roles, RunOptionsMixin o) {
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(roles, o.release, InstalledArtifacts.previous(inv));
        if (c instanceof ReleaseTelephony.Choice.Refused r) {
            t.error("error: " + r.message());
            return null;
        }
        if (c instanceof ReleaseTelephony.Choice.FromRelease f) {
            t.error("telephony: the release's own (" + f.version() + "): its dialplan and its installer's templates, adapted as"
                    + " docs/release-telephony.md lists");
            placed.put(ReleaseTelephony.RECORD, f.record());
            String secret;
            try {
                secret = ReleaseTelephony.ephemeralSecret(inv.variables(), InstalledArtifacts.previous(inv));
            } catch (IllegalArgumentException e) {
                t.error("error: " + inv.source() + ": " + e.getMessage() + "; nothing was touched");
                return null;
            }
            t.redactor().add(secret);
            telephonyVars.put(ReleaseTelephony.EPHEMERAL_SECRET, secret);
            recordInstead.put(ReleaseTelephony.EPHEMERAL_SECRET, secret);
            return f.roles();
        }
        if (o.verbose) t.error("telephony: the deployer's own configuration (" + ((ReleaseTelephony.Choice.Own) c).why() + ")");
        return roles;
    }

    /**
     * For {@code -u}, before anything changes: the inventory must match the installed service
     * users and passwords, and the databases are backed up ({@code --check}: compared only).
     */
    private int beforeUpgrade(HostAccess access, String action, EnvarsNames envars) throws org.omnileads.deploy.ssh.SshException {
        if (!"upgrade".equals(action)) return ExitCode.OK;
        UpgradeSteps u = new UpgradeSteps(inv, access, t, envars);
        if (!readBack.isEmpty()) {
            try {
                inv = ReadBack.completed(inv.source(), inventoryBytes, readBack, u.installed());
            } catch (InventoryException e) {
                e.problems().forEach(p -> t.error(p.format()));
                return ExitCode.USAGE;
            }
            t.redactor().addAll(inv.secretValues());
            t.error("upgrade: read back from " + u.installed().file() + ": " + String.join(", ", readBack) + " (kept in my_inventory)");
            u = u.withInventory(inv);
        }
        Integer stop = u.guard();
        if (stop != null) recordInstead.putAll(u.installedInsteadOfInventory());
        if (stop == null && !cmd.run.check) stop = u.backup();
        return stop == null ? ExitCode.OK : stop;
    }

    /**
     * The inventory's CA and each host's certificate (made or reused in .deploy/pki/), as the
     * variables the certificates role places: tls_ca_pem, tls_host_certs and tls_secret_keys by
     * host name. The keys are secrets: masked everywhere and never saved in a journal.
     */
    private Map<String, Object> certificates(Inventory inv, Path stateDir) throws IOException {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir.resolve("pki"));
        Map<String, Object> certs = new LinkedHashMap<>();
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Host h : inv.hosts()) {
            CertificateAuthority.Issued issued = ca.issue(h.name(), h.address());
            t.redactor().add(issued.privateKeyPem());
            certs.put(h.name(), issued.certificatePem());
            keys.put(h.name(), issued.privateKeyPem());
            if (issued.fresh() && !cmd.run.json) t.error("certificate for " + h.label() + " issued by the inventory's CA (" + stateDir.resolve("pki") + ")");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("tls_ca_pem", ca.caPem());
        v.put("tls_host_certs", certs);
        v.put("tls_secret_keys", keys);
        return v;
    }

    private Artifacts artifacts() { return new Artifacts(msg -> { if (!cmd.run.json) t.error(msg); }); }

    /** The bundled role that installs each component whose artifacts the flow places. */
    private static final Map<Component, String> ROLE_OF = Map.of(
            Component.OMNIAPP, "omniapp", Component.DIALER, "dialer", Component.ASTERISK, "asterisk");

    private static String string(Roles roles, String role, String variable) {
        Object v = roles.defaults(role).get(variable);
        if (v == null) throw new IllegalStateException("role " + role + " has no default " + variable);
        return v.toString();
    }

    /**
     * Places what the roles expect before they run: the release on the app host, the dialer's
     * archive on the dialer host, the cached Asterisk build on the Asterisk host.
     *
     * @return the workstation cache file of the Asterisk build, or null when Asterisk is not run
     */
    private Path placeArtifacts(Inventory inv, Roles roles, HostAccess access) throws IOException, org.omnileads.deploy.ssh.SshException {
        java.util.Set<Component> selected = cmd.selectedComponents();
        // A component counts only when the roles run it: --roles DIR may hold other roles.
        selected.removeIf(c -> roles.site().stream().noneMatch(p -> p.role().equals(ROLE_OF.get(c))));
        Artifacts a = artifacts();
        if (cmd.run.release != null && selected.contains(Component.OMNIAPP)) {
            placed.put(InstalledArtifacts.RELEASE, a.placeRelease(access.session(inv.wiring().host(Component.OMNIAPP)),
                    cmd.run.release, string(roles, "omniapp", "omniapp_release_archive")));
        }
        if (cmd.run.wombat != null && selected.contains(Component.DIALER)) {
            placed.put(InstalledArtifacts.DIALER_ARCHIVE, a.placeWebArchive(access.session(inv.wiring().host(Component.DIALER)),
                    cmd.run.wombat, string(roles, "dialer", "wombat_archive")));
        }
        if (!selected.contains(Component.ASTERISK)) return null;
        return a.offerAsteriskBuild(access.session(inv.wiring().host(Component.ASTERISK)), Artifacts.defaultCache(),
                string(roles, "asterisk", "asterisk_version"), string(roles, "asterisk", "asterisk_artifact"));
    }

    private int runRoles(Inventory inv, Roles roles, HostAccess access, Path stateDir, String action, Map<String, Object> tls) {
        RunOptionsMixin o = cmd.run;
        Map<String, Object> vars = extraVariables(o);
        vars.putAll(telephonyVars);
        vars.putAll(tls);
        RunOptions opts = new RunOptions(action, o.check, o.diff, o.forks, cmd.selectedComponents(), o.limit, o.tags,
                vars, stateDir, cmd.resume ? RunOptions.LAST : null);
        if ("install".equals(action) || o.check) return runWithViews(t, o, roles, inv, access.connections().sessions(), opts, stateDir);
        // The lifecycle actions end with what they rewrote and restarted on each host.
        ChangedFiles changed = new ChangedFiles();
        int exit = runWithViews(t, o, roles, inv, access.connections().sessions(), opts, stateDir, changed);
        if (!o.json) {
            t.println("");
            t.println("rewritten and restarted, per host:");
            changed.report().forEach(l -> t.println("  " + l));
        }
        return exit;
    }

    /**
     * Runs the roles with the views the options ask for (live or plain console, or JSON lines),
     * Ctrl-C wired to the runner, and where the journal and logs went said afterwards. Shared by
     * {@code deploy -i} and {@code deploy apply}.
     */
    static int runWithViews(Terminal t, RunOptionsMixin o, Roles roles, Inventory inv, Map<Host, RemoteHost> sessions,
                            RunOptions opts, Path stateDir, Subscriber... more) {
        PrintStream out = t.rawOut();
        try (EventBus bus = new EventBus(t.redactor())) {
            bus.subscribe(o.json ? new JsonEvents(out, o.verbose) : ConsoleView.forTerminal(out, o.verbose, o.color));
            for (Subscriber s : more) bus.subscribe(s);
            Runner runner;
            try {
                runner = new Runner(roles, inv, sessions, opts, bus);
            } catch (ResumeException e) {
                t.error("error: " + e.getMessage());
                return ExitCode.USAGE;
            }
            Signal.handle(new Signal("INT"), s -> runner.interrupt());
            RunResult r = runner.run();
            t.runFinished(r.recap().values().stream().anyMatch(c -> c.changed() > 0));
            if (!o.json) {
                t.error("journal: " + r.journal());
                t.error("logs:    " + stateDir.resolve("logs").resolve(r.runId()));
            }
            return r.exitCode();
        }
    }

    /** {@code --detailed-exitcode}: a success that changed something is {@link ExitCode#CHANGED}; every other code stays. */
    static int detailed(RunOptionsMixin o, Terminal t, int exit) {
        return exit == ExitCode.OK && o.detailedExitcode && t.runChanged() ? ExitCode.CHANGED : exit;
    }

    /** Values from the command line that roles read (paths of stand-in or real artifacts). */
    static Map<String, Object> extraVariables(RunOptionsMixin o) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (o.release != null) v.put("release_path", o.release.toAbsolutePath().toString());
        if (o.wombat != null) v.put("wombat_path", o.wombat.toAbsolutePath().toString());
        return v;
    }

    /** Writes my_inventory; the installed release and dialer archive are carried over, or the new ones after a success. */
    private void writeMyInventory(Inventory inv, String action, String result, boolean succeeded) {
        try {
            Map<String, String> extra = InstalledArtifacts.previous(inv);
            if (succeeded) extra.putAll(placed);
            extra.putAll(recordInstead);
            Path written = MyInventoryWriter.write(inv, inv.source().toAbsolutePath().getParent(), Version.current(), action, result, extra);
            if (!cmd.run.json) t.error("my_inventory: " + written + " (" + result + ")");
        } catch (IOException e) {
            t.error("warning: could not write my_inventory: " + e.getMessage());
        }
    }
}
