package org.omnileads.deploy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deploy preflight}: every read-only check, one table, exit 0 only when nothing blocks. */
@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Logs in to every host and checks, changing nothing: host key, OS, CPUs, memory (4 GB) and disk (20 GB), "
                + "host name and address against the inventory, clock offset from the workstation, DNS and the package "
                + "repository as seen from the host, and that the ports each component listens on are free. "
                + "Prints one table (host, check, result, what to do); a host that cannot be logged in to is a failed 'login' check "
                + "with its cause (exit 3), never left out. Exit 0 only when every host was checked and nothing blocks, 1 when a check fails. "
                + "It is also the first phase of every install."})
public final class PreflightCommand implements Callable<Integer> {
    @ParentCommand DeployCommand parent;

    @Option(names = {"-I", "--inventory"}, paramLabel = "FILE", description = "Inventory to use (default: ./inventory, else ./my_inventory).")
    java.nio.file.Path inventory;

    @Mixin RunOptionsMixin run;

    @Override
    public Integer call() {
        Terminal t = parent.terminal();
        return new DeployFlow(parent, t).preflightOnly(inventory, run);
    }
}
