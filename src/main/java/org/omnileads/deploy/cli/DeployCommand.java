package org.omnileads.deploy.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.secrets.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deploy}: installs, upgrades and re-wires OMniLeads on the hosts an inventory describes.
 * Keeps the old installer's spellings ({@code deploy.sh -i -a}) as aliases.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false,
        header = "Installs the OMniLeads contact-center stack onto one, two or five Linux hosts over SSH.",
        description = {
                "Reads an inventory (the INI format of the old deploy.sh), asks each host's root password (no echo, "
                        + "one prompt per host), checks every host (preflight), then runs the roles in order over SSH: "
                        + "prereqs, database, kamailio, asterisk, dialer, omniapp. Afterwards it writes my_inventory next "
                        + "to the inventory: the record of the parameters used. The inventory itself is never modified.",
                "",
                "Re-run the same command after changing host addresses (-cnet) or to upgrade (-u)."},
        subcommands = {InventoryCommand.class, PreflightCommand.class, LabCommand.class, DemoCommand.class, CompletionCommand.class, ApplyCommand.class, SessionsCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./deploy -i -a                      install everything ./inventory describes",
                "  ./deploy -i -a --check --diff       show what would change, change nothing",
                "  ./deploy -i -a -I lab/inventory --password-file lab/passwords \\",
                "      --accept-new-host-keys          a lab's hosts, without questions",
                "  ./deploy -u --release omnileads-1.4.tar.gz",
                "                                      upgrade the web application",
                "  ./deploy -cnet                      after changing host addresses",
                "  ./deploy --resume                   continue the last failed run",
                "  ./deploy inventory check inventory  validate an inventory, change nothing",
                "  ./deploy lab up --topology cluster-in-5",
                "                                      five local test hosts",
                "",
                "Exit codes:",
                "  0    success",
                "  1    a task failed on a host, or preflight found a blocking problem",
                "  2    usage or inventory error (nothing was touched)",
                "  3    a host was unreachable or refused the login",
                "  4    internal error (a bug): the console names the file with its details",
                "  5    with --detailed-exitcode: success, and something changed",
                "  130  interrupted (Ctrl-C); continue with --resume"})
public final class DeployCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--install"}, description = "Install (or converge) every component the inventory describes.")
    boolean install;

    @Option(names = {"-u", "--upgrade"}, description = "Upgrade an installed cluster: stops if the inventory's users or passwords differ from the installed ones, "
                    + "backs up PostgreSQL and MariaDB on their hosts, then new release, migrations, services restarted in order (docs/upgrade.md).")
    boolean upgrade;

    @Option(names = {"-a", "-c", "--cluster", "--all"},
            description = "All components (the default). Kept from deploy.sh, where -a and -c chose the install mode.")
    boolean all;

    @Option(names = {"-cnet", "--change-network"}, description = "After host addresses changed in the inventory: rewrite every file holding one, restart what reads them, list the files per host.")
    boolean changeNetwork;

    @Option(names = {"-cp", "--change-passwords"}, description = "Change service passwords (PostgreSQL, AMI, web admin, dialer, MariaDB root) on the live system and in every file to the inventory's values.")
    boolean changePasswords;

    @Option(names = "--resume", description = "Continue the last failed run with the same parameters, skipping what succeeded.")
    boolean resume;

    @Option(names = "--asterisk", description = "Only the Asterisk component.")
    boolean asterisk;

    @Option(names = {"-k", "--kamailio"}, description = "Only the Kamailio component (with rtpengine and Redis).")
    boolean kamailio;

    @Option(names = {"-o", "--omniapp"}, description = "Only the web application component.")
    boolean omniapp;

    @Option(names = {"-di", "--dialer"}, description = "Only the dialer component (Wombat Dialer and MariaDB).")
    boolean dialer;

    @Option(names = {"-da", "--database"}, description = "Only the database component (PostgreSQL).")
    boolean database;

    @Option(names = {"-I", "--inventory"}, paramLabel = "FILE",
            description = "Inventory to use (default: ./inventory, else ./my_inventory when only that exists).")
    Path inventory;

    @Mixin RunOptionsMixin run;

    private final Redactor redactor = new Redactor();
    private Terminal terminal;

    Terminal terminal() {
        if (terminal == null) terminal = Terminal.system(redactor);
        return terminal;
    }

    void terminal(Terminal t) { terminal = t; }

    /** The components chosen with selectors; all of them when none is given. */
    Set<Component> selectedComponents() {
        Set<Component> s = EnumSet.noneOf(Component.class);
        if (asterisk) s.add(Component.ASTERISK);
        if (kamailio) s.add(Component.KAMAILIO);
        if (omniapp) s.add(Component.OMNIAPP);
        if (dialer) s.add(Component.DIALER);
        if (database) s.add(Component.DATABASE);
        return s.isEmpty() ? EnumSet.allOf(Component.class) : s;
    }

    String action() {
        if (resume) return "resume";
        if (upgrade) return "upgrade";
        if (changeNetwork) return "change-network";
        if (changePasswords) return "change-passwords";
        if (install) return "install";
        return null;
    }

    @Override
    public Integer call() {
        Terminal t = terminal();
        int actions = (install ? 1 : 0) + (upgrade ? 1 : 0) + (changeNetwork ? 1 : 0) + (changePasswords ? 1 : 0) + (resume ? 1 : 0);
        if (actions == 0) {
            if (all || asterisk || kamailio || omniapp || dialer || database) {
                t.error("error: say what to do with the selected components: -i (install), -u (upgrade), -cnet or -cp");
            } else {
                t.error("error: no action given");
            }
            t.error("usage: deploy -i -a [-I FILE]   (see deploy --help)");
            return ExitCode.USAGE;
        }
        if (actions > 1 && !(resume && actions == 1)) {
            t.error("error: choose one action: -i, -u, -cnet, -cp or --resume");
            return ExitCode.USAGE;
        }
        return DeployFlow.detailed(run, t, new DeployFlow(this, t).run());
    }
}
