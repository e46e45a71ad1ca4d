package org.omnileads.deploy.cli;

/** Wires an install/upgrade run: inventory, connections, preflight, roles, my_inventory. */
final class DeployFlow {
    private final DeployCommand cmd;
    private final Terminal t;

    DeployFlow(DeployCommand cmd, Terminal t) {
        this.cmd = cmd;
        this.t = t;
    }

    int run() {
        t.error("not wired yet");
        return ExitCode.USAGE;
    }
}
