package org.omnileads.deploy.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.inventory.Secrets;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.tasks.Facts;
import org.omnileads.deploy.tasks.MysqlRootPasswordTask;
import org.omnileads.deploy.tasks.TaskSpec;

/**
 * An upgrade never changes a service user or password: before anything is touched, the
 * inventory's values are compared with what the hosts hold, and every difference is a problem
 * naming the variable, where it is set, and the flag that changes it on purpose.
 */
public final class UpgradeGuard {
    private UpgradeGuard() {}

    /** The MariaDB root password check: matches, differs, or cannot tell (no server, no password yet). */
    public enum RootPassword { MATCHES, DIFFERS, UNKNOWN }

    /**
     * The differences between the inventory and the installed values. Pure.
     *
     * @param installed  values read back from the environment file (variables it lacks are not compared)
     * @param mysqlRoot  what the dialer host said about {@code mysql_root_password}
     */
    public static List<InventoryProblem> differences(Inventory inv, InstalledState installed, RootPassword mysqlRoot) {
        List<InventoryProblem> out = new ArrayList<>();
        for (Map.Entry<String, String> e : installed.variables().entrySet()) {
            String name = e.getKey();
            String wanted = inv.variables().get(name);
            if (wanted == null || wanted.equals(e.getValue())) continue;
            out.add(problem(inv, name, "installed in " + installed.file()));
        }
        String root = inv.variables().get("mysql_root_password");
        if (mysqlRoot == RootPassword.DIFFERS && root != null) {
            out.add(problem(inv, "mysql_root_password", "set as MariaDB's root password on " + inv.wiring().host(org.omnileads.deploy.inventory.Component.DIALER).name()));
        }
        return out;
    }

    private static InventoryProblem problem(Inventory inv, String name, String where) {
        boolean secret = Secrets.isSecretName(name);
        String message = name + " differs from the value " + where + "; an upgrade never changes "
                + (secret ? "passwords" : "service users") + ", so nothing was changed";
        String hint = secret
                ? "to change it on purpose run `deploy --change-passwords` (-cp) with this inventory; to upgrade, put the installed value back"
                + " (my_inventory keeps the installed value)"
                : "put the installed value back: an upgrade cannot rename " + name;
        return new InventoryProblem(inv.source(), inv.lineOf(name), message, hint);
    }

    /**
     * Asks the dialer host whether MariaDB's root has the inventory's {@code mysql_root_password},
     * with the probe of the task that sets it (the hash is compared on the server; nothing changes).
     */
    public static RootPassword mysqlRoot(RemoteHost dialer, String password) throws SshException {
        if (password == null || password.isEmpty()) return RootPassword.UNKNOWN;
        MysqlRootPasswordTask t = new MysqlRootPasswordTask(new TaskSpec("dialer", "upgrade check", "mysql_root_password", "", 0, List.of(), List.of()), password);
        Facts f = Facts.parse(dialer.exec(org.omnileads.deploy.ssh.RemoteCommand.script(t.probe())).stdout());
        if (!f.is("db", "up")) return RootPassword.UNKNOWN;
        return f.is("root_password", "1") ? RootPassword.MATCHES : RootPassword.DIFFERS;
    }
}
