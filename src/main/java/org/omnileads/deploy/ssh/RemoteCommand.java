package org.omnileads.deploy.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command to run on a host.
 *
 * @param commandLine built with {@link Shell#command}; never holds a secret
 * @param stdin       bytes written to the command's standard input, then closed (may carry secrets or a script)
 * @param timeout     the command is killed and reported after this
 * @param onLine      receives each output line as it arrives (stdout and stderr), may be null
 */
public record RemoteCommand(String commandLine, byte[] stdin, Duration timeout, Consumer<OutputLine> onLine) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(Shell.command(argv), new byte[0], DEFAULT_TIMEOUT, null);
    }

    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(Shell.command(argv), new byte[0], DEFAULT_TIMEOUT, null);
    }

    /** A shell script sent on standard input to {@code sh -s}: nothing of it shows in a process list. */
    public static RemoteCommand script(String script) {
        return new RemoteCommand(Shell.command("sh", "-s"), script.getBytes(StandardCharsets.UTF_8), DEFAULT_TIMEOUT, null);
    }

    public RemoteCommand withStdin(byte[] bytes) { return new RemoteCommand(commandLine, bytes, timeout, onLine); }

    public RemoteCommand withTimeout(Duration t) { return new RemoteCommand(commandLine, stdin, t, onLine); }

    public RemoteCommand onLine(Consumer<OutputLine> listener) { return new RemoteCommand(commandLine, stdin, timeout, listener); }

    /** One line of output; {@code stderr} tells which stream. */
    public record OutputLine(String text, boolean stderr) {}
}
