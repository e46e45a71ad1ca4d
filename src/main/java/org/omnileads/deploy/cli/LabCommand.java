package org.omnileads.deploy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.lab.ContainerEngine;
import org.omnileads.deploy.lab.Lab;
import org.omnileads.deploy.lab.LabException;
import org.omnileads.deploy.lab.LabHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deploy lab up|status|down}: local test hosts to try a layout on one machine. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Local lab hosts (Debian 12 containers with systemd and sshd) to try a layout on one machine.",
                "The lab keeps lab/inventory, lab/passwords (0600) and its own lab/known_hosts."},
        subcommands = {LabCommand.Up.class, LabCommand.Status.class, LabCommand.Down.class})
public final class LabCommand {
    @ParentCommand DeployCommand parent;

    static Lab lab(Path dir, Terminal t) throws LabException { return lab(dir, t::println); }

    /** A lab whose progress lines ({@code lab: ...}) go to {@code say}. */
    static Lab lab(Path dir, java.util.function.Consumer<String> say) throws LabException {
        return new Lab(ContainerEngine.detect(), dir, msg -> say.accept("lab: " + msg));
    }

    static int fail(Terminal t, LabException e) {
        t.error("error: " + e.getMessage());
        if (!e.fix().isEmpty()) t.error("    what to do: " + e.fix());
        return ExitCode.USAGE;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Creates the hosts of a layout, writes lab/inventory and lab/passwords. Replaces this lab's hosts if any.")
    static final class Up implements Callable<Integer> {
        @ParentCommand LabCommand lab;

        @Option(names = "--topology", required = true, paramLabel = "LAYOUT",
                description = "aio, cluster-in-2 or cluster-in-5.")
        String topology;

        @Option(names = "--dir", defaultValue = "lab", paramLabel = "DIR", description = "Lab directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            Terminal t = lab.parent.terminal();
            Topology topo = Topology.ofLabel(topology).filter(x -> x != Topology.CUSTOM).orElse(null);
            if (topo == null) {
                t.error("error: --topology must be aio, cluster-in-2 or cluster-in-5 (got '" + topology + "')");
                return ExitCode.USAGE;
            }
            try {
                Lab l = lab(dir, t);
                List<LabHost> hosts = l.up(topo);
                LabInventory.write(l, topo, hosts);
                for (LabHost h : hosts) t.println(String.format("  %-14s %-15s %s", h.name(), h.address(), String.join(",", h.groups())));
                t.println("inventory: " + l.inventoryFile());
                t.println("passwords: " + l.passwordFile() + " (mode 0600)");
                t.println("next: ./deploy inventory check " + l.inventoryFile());
                return ExitCode.OK;
            } catch (LabException e) {
                return fail(t, e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists this lab's hosts.")
    static final class Status implements Callable<Integer> {
        @ParentCommand LabCommand lab;

        @Option(names = "--dir", defaultValue = "lab", paramLabel = "DIR", description = "Lab directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            Terminal t = lab.parent.terminal();
            try {
                List<LabHost> hosts = lab(dir, t).status();
                if (hosts.isEmpty()) {
                    t.println("no lab hosts for " + dir.toAbsolutePath().normalize() + " (start some with: ./deploy lab up --topology cluster-in-5)");
                }
                for (LabHost h : hosts) {
                    t.println(String.format("  %-14s %-15s %-9s %s", h.name(), h.address().isEmpty() ? "-" : h.address(), h.state(), String.join(",", h.groups())));
                }
                return ExitCode.OK;
            } catch (LabException e) {
                return fail(t, e);
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Removes this lab's hosts (and lab/passwords, lab/known_hosts).")
    static final class Down implements Callable<Integer> {
        @ParentCommand LabCommand lab;

        @Option(names = "--dir", defaultValue = "lab", paramLabel = "DIR", description = "Lab directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            Terminal t = lab.parent.terminal();
            try {
                int n = lab(dir, t).down();
                t.println("removed " + n + " lab host(s)");
                return ExitCode.OK;
            } catch (LabException e) {
                return fail(t, e);
            }
        }
    }
}
