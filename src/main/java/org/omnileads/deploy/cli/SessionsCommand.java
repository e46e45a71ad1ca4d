package org.omnileads.deploy.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.omnileads.deploy.ssh.KeptSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deploy sessions}: what the session keeper of {@code --keep-sessions} holds, and {@code --close} to end it now. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"Lists the SSH sessions kept open by runs with --keep-sessions (a process of yours holds them, "
                + "logged in as root, until no run has used them for that many seconds). --close ends them at once."})
public final class SessionsCommand implements Callable<Integer> {
    @ParentCommand DeployCommand parent;

    @Option(names = "--close", description = "Close every kept session now.")
    boolean close;

    @Override
    public Integer call() {
        Terminal t = parent.terminal();
        try {
            if (close) {
                t.println(KeptSessions.closeAll() ? "kept sessions closed" : "no sessions are kept");
                return ExitCode.OK;
            }
            List<String> lines = KeptSessions.status();
            if (lines.isEmpty()) t.println("no sessions are kept");
            lines.forEach(t::println);
            return ExitCode.OK;
        } catch (IOException e) {
            t.error("error: " + e.getMessage());
            return ExitCode.USAGE;
        }
    }
}
