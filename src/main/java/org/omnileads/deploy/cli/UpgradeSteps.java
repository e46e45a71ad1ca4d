package org.omnileads.deploy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.lifecycle.Backups;
import org.omnileads.deploy.lifecycle.ComponentVersions;
import org.omnileads.deploy.lifecycle.EnvarsNames;
import org.omnileads.deploy.lifecycle.InstalledState;
import org.omnileads.deploy.lifecycle.UpgradeGuard;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.ssh.SshException;

/**
 * What {@code deploy -u} does around the roles, in this order: the installed values are read
 * back and compared with the inventory (any difference stops the run before a change), the
 * databases are backed up on their hosts, and after the new artifacts are placed, which parts
 * the run replaces is said. Printing only; the work is in {@code lifecycle/}.
 */
final class UpgradeSteps {
    private final Inventory inv;
    private final HostAccess access;
    private final Terminal t;
    /** The names the environment file exports, from the loaded roles' template. */
    private final EnvarsNames envars;
    private InstalledState installed;

    UpgradeSteps(Inventory inv, HostAccess access, Terminal t, EnvarsNames envars) {
        this.inv = inv;
        this.access = access;
        this.t = t;
        this.envars = envars;
    }

    /** The same steps for an inventory completed with read-back values (the installed state is kept). */
    UpgradeSteps withInventory(Inventory completed) {
        UpgradeSteps u = new UpgradeSteps(completed, access, t, envars);
        u.installed = installed;
        return u;
    }

    /** The installed users and passwords (the app host's environment file), read once; secrets join the redactor. */
    InstalledState installed() throws SshException {
        if (installed == null) {
            installed = InstalledState.readEnvars(on(Component.OMNIAPP), envars);
            t.redactor().addAll(installed.secretValues());
        }
        return installed;
    }

    private org.omnileads.deploy.ssh.RemoteHost on(Component c) { return access.session(inv.wiring().host(c)); }

    /**
     * Reads back the installed values and stops on a difference.
     *
     * @return null to go on, else the exit code (nothing was changed)
     */
    Integer guard() throws SshException {
        Host app = inv.wiring().host(Component.OMNIAPP);
        InstalledState installed = installed();
        if (installed.empty()) {
            t.error("error: " + app.label() + " has no " + InstalledState.ENVARS + ": nothing to upgrade there");
            t.error("    what to do: install first with deploy -i -a; -u upgrades an installed cluster");
            return ExitCode.USAGE;
        }
        UpgradeGuard.RootPassword root = UpgradeGuard.mysqlRoot(on(Component.DIALER), inv.variables().get("mysql_root_password"));
        List<InventoryProblem> diffs = UpgradeGuard.differences(inv, installed, root);
        if (diffs.isEmpty()) {
            t.error("upgrade: service users and passwords of the inventory match the installed ones (" + installed.file() + ")");
            return null;
        }
        diffs.forEach(p -> t.error(p.format()));
        t.error("the upgrade stops before any change: " + diffs.size() + " value(s) differ from the installed cluster");
        return ExitCode.USAGE;
    }

    /**
     * The installed values of the variables the inventory gives differently: my_inventory records
     * these, so after a refused upgrade it still says what the cluster runs with.
     */
    Map<String, String> installedInsteadOfInventory() throws SshException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        installed().variables().forEach((k, v) -> {
            if (inv.variables().containsKey(k) && !inv.variables().get(k).equals(v)) out.put(k, v);
        });
        return out;
    }

    /**
     * Dumps PostgreSQL (the app's database) and MariaDB (every database) on their hosts.
     *
     * @return null to go on, else the exit code (nothing was changed)
     */
    Integer backup() throws SshException {
        String stamp = Backups.stamp();
        List<Backups.Dump> dumps = new ArrayList<>();
        try {
            dumps.add(Backups.postgres(on(Component.DATABASE), inv.variables().get("postgres_database"), stamp));
            dumps.add(Backups.mariadb(on(Component.DIALER), stamp));
        } catch (Backups.BackupException e) {
            t.error("error: " + e.getMessage());
            t.error("the upgrade stops before any change; see docs/upgrade.md");
            return ExitCode.TASK_FAILED;
        }
        for (Backups.Dump d : dumps) {
            t.error("backup: " + d.host() + ":" + d.path() + " (" + d.bytes() / 1024 + " KiB); restore: see docs/upgrade.md");
        }
        return null;
    }

    /** Says which parts the run replaces and which it keeps. */
    void sayParts(Roles roles) throws SshException {
        Map<String, Object> app = roles.defaults("omniapp");
        Map<String, Object> ast = roles.defaults("asterisk");
        Map<String, Object> dia = roles.defaults("dialer");
        List<ComponentVersions.Part> parts = List.of(
                ComponentVersions.release(on(Component.OMNIAPP), value(app, "omniapp_release_archive"), value(app, "omniapp_code_dir")),
                ComponentVersions.asterisk(on(Component.ASTERISK), value(ast, "asterisk_prefix"), value(ast, "asterisk_version")),
                ComponentVersions.dialer(on(Component.DIALER), value(dia, "wombat_archive"), value(dia, "tomcat_webapps") + "/wombat.war"));
        for (String line : ComponentVersions.describe(parts)) t.error("upgrade: " + line);
    }

    /** A role default, overridden by the inventory when it sets the variable. */
    private String value(Map<String, Object> defaults, String name) {
        String v = inv.variables().get(name);
        if (v != null) return v;
        Object d = defaults.get(name);
        if (d == null) throw new IllegalStateException("no default " + name);
        return d.toString();
    }
}
