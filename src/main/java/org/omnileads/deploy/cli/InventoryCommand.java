package org.omnileads.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryException;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Secrets;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.secrets.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deploy inventory check|show|init}. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Check, show or create an inventory (the INI format of the old deploy.sh).",
        subcommands = {InventoryCommand.Check.class, InventoryCommand.Show.class, InventoryCommand.Init.class})
public final class InventoryCommand {
    @ParentCommand DeployCommand parent;

    /** Parses, or prints every problem as FILE:LINE: message and returns null. */
    static Inventory load(Path file, Terminal t) {
        try {
            Inventory inv = InventoryParser.parse(file);
            t.redactor().addAll(inv.secretValues());
            return inv;
        } catch (InventoryException e) {
            for (InventoryProblem p : e.problems()) t.error(p.format());
            t.error(e.problems().size() + " problem(s) in " + file + "; nothing was changed");
            return null;
        }
    }

    static void printLayout(Inventory inv, Terminal t) {
        t.println("topology: " + inv.topology().label());
        t.println(String.format("  %-10s %-20s %-15s %s", "COMPONENT", "HOST", "ADDRESS", "PORT"));
        for (Component c : Component.values()) {
            Host h = inv.wiring().host(c);
            if (h != null) t.println(String.format("  %-10s %-20s %-15s %d", c.group(), h.name(), h.address(), h.port()));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validates an inventory: prints the topology and the host table (exit 0), or every problem as FILE:LINE: message with a hint (exit 2).")
    static final class Check implements Callable<Integer> {
        @ParentCommand InventoryCommand inv;

        @Parameters(paramLabel = "FILE", description = "The inventory file.")
        Path file;

        @Override
        public Integer call() {
            Terminal t = inv.parent.terminal();
            Inventory i = load(file, t);
            if (i == null) return ExitCode.USAGE;
            printLayout(i, t);
            t.println(file + ": ok (" + i.hosts().size() + " host(s), " + i.topology().label() + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows the resolved layout (component, host, address, port), the derived wiring and the variables with every secret masked.")
    static final class Show implements Callable<Integer> {
        @ParentCommand InventoryCommand inv;

        @Parameters(paramLabel = "FILE", description = "The inventory file.")
        Path file;

        @Override
        public Integer call() {
            Terminal t = inv.parent.terminal();
            Inventory i = load(file, t);
            if (i == null) return ExitCode.USAGE;
            printLayout(i, t);
            t.println("wiring:");
            i.wiring().variables().forEach((k, v) -> t.println(String.format("  %-16s %s", k, v)));
            t.println("variables:");
            i.variables().forEach((k, v) ->
                    t.println(String.format("  %-20s %s", k, Secrets.isSecretName(k) ? Redactor.MASK : v)));
            return ExitCode.OK;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Writes a commented starting inventory for a layout, with freshly generated strong passwords (mode 0600). Replace the 192.0.2.x addresses and host names with yours.")
    static final class Init implements Callable<Integer> {
        @ParentCommand InventoryCommand inv;

        @Option(names = "--topology", required = true, paramLabel = "LAYOUT", description = "aio, cluster-in-2 or cluster-in-5.")
        String topology;

        @Option(names = {"-o", "--output"}, defaultValue = "inventory", paramLabel = "FILE",
                description = "Where to write it (default: ${DEFAULT-VALUE}); an existing file is never overwritten.")
        Path output;

        @Override
        public Integer call() {
            Terminal t = inv.parent.terminal();
            Topology topo = Topology.ofLabel(topology).filter(x -> x != Topology.CUSTOM).orElse(null);
            if (topo == null) {
                t.error("error: --topology must be aio, cluster-in-2 or cluster-in-5 (got '" + topology + "')");
                return ExitCode.USAGE;
            }
            if (Files.exists(output)) {
                t.error("error: " + output + " exists; it is never overwritten (choose another file with -o)");
                return ExitCode.USAGE;
            }
            try {
                Files.writeString(output, InventoryTemplate.render(topo), StandardOpenOption.CREATE_NEW);
                Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                t.error("error: cannot write " + output + ": " + e.getMessage());
                return ExitCode.USAGE;
            }
            t.println("wrote " + output + " (" + topo.label() + ", mode 0600): set the host names and addresses, then ./deploy inventory check " + output);
            return ExitCode.OK;
        }
    }
}
