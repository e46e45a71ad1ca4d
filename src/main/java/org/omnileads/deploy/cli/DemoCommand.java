package org.omnileads.deploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.lab.Lab;
import org.omnileads.deploy.lab.LabException;
import org.omnileads.deploy.lab.LabHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deploy demo}: lab hosts up (or reused), then the install onto them with the stand-in
 * release and dialer archive, the recap, and the URL to open.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tries a whole install on this machine: starts lab hosts for the layout (or reuses the ones "
                + "already up, with lab/passwords), then runs `deploy -i -a` on them non-interactively with the "
                + "stand-in OMniLeads release and dialer archive from fixtures/. Accepts the install options "
                + "(--check, --diff, --json, -v, ...) and passes them on."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand DeployCommand parent;

    @Option(names = "--topology", defaultValue = "cluster-in-5", paramLabel = "LAYOUT",
            description = "aio, cluster-in-2 or cluster-in-5 (default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(names = "--dir", defaultValue = "lab", paramLabel = "DIR", description = "Lab directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin RunOptionsMixin run;

    @Override
    public Integer call() {
        Terminal t = parent.terminal();
        Topology topo = Topology.ofLabel(topology).filter(x -> x != Topology.CUSTOM).orElse(null);
        if (topo == null) {
            t.error("error: --topology must be aio, cluster-in-2 or cluster-in-5 (got '" + topology + "')");
            return ExitCode.USAGE;
        }
        try {
            // With --json standard output carries JSON lines only: the lab's progress and the URL go to stderr.
            java.util.function.Consumer<String> say = run.json ? t::error : t::println;
            Lab lab = LabCommand.lab(dir, say);
            if (!reusable(lab, topo)) {
                List<LabHost> hosts = lab.up(topo);
                LabInventory.write(lab, topo, hosts);
            } else {
                t.error("demo: reusing the " + topo.label() + " lab hosts of " + lab.dir());
            }
            DeployCommand install = new DeployCommand();
            install.terminal(t);
            install.install = true;
            install.all = true;
            install.inventory = lab.inventoryFile();
            install.run = run;
            run.passwordFile = lab.passwordFile();
            run.acceptNewHostKeys = true;
            run.lab = true;
            Path fixtures = Fixtures.dir();
            if (run.release == null && fixtures != null) run.release = fixtures.resolve("omnileads-release-1");
            if (run.wombat == null && fixtures != null) run.wombat = fixtures.resolve("wombat-standin");
            int exit = new DeployFlow(install, t).run();
            if (exit == ExitCode.OK && !run.check) {
                String app = lab.status().stream().filter(h -> h.groups().contains("omniapp") || h.groups().contains("prodenv-aio"))
                        .map(LabHost::address).findFirst().orElse("?");
                say.accept("open: https://" + app + "/   (self-signed certificate of the lab CA; user admin, admin_pass from " + lab.inventoryFile() + ")");
            }
            return exit;
        } catch (LabException e) {
            return LabCommand.fail(t, e);
        }
    }

    /** The lab already runs exactly this layout, with its inventory and passwords at hand. */
    private static boolean reusable(Lab lab, Topology topo) throws LabException {
        List<LabHost> hosts = lab.status();
        if (hosts.isEmpty() || !Files.exists(lab.inventoryFile()) || !Files.exists(lab.passwordFile())) return false;
        if (hosts.stream().anyMatch(h -> !h.state().equals("running"))) return false;
        return hosts.size() == Lab.layout(topo).size()
                && hosts.stream().allMatch(h -> Lab.layout(topo).containsKey(h.name()));
    }
}
