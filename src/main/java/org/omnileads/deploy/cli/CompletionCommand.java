package org.omnileads.deploy.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deploy completion}: prints a bash (and, through bashcompinit, zsh) completion script generated from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash completion script; zsh loads it too (through bashcompinit).",
                "Use: source <(deploy completion)   (./deploy in a source tree)",
                "The .deb and the tarball install it: /usr/share/bash-completion/completions/deploy."})
public final class CompletionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash("deploy", root));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
