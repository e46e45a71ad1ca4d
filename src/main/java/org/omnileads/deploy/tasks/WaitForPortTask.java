package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code wait_for_port}: a TCP port accepts connections, waiting up to {@code timeout} seconds.
 * Waiting is not a change: the step exits 99 once the port answers, and fails after the timeout.
 * Uses bash's {@code /dev/tcp} (every Debian host has bash), each try bounded by {@code timeout 2}.
 */
public record WaitForPortTask(TaskSpec spec, int port, String host, int timeout) implements Task {
    static final TaskKind KIND = new TaskKind("wait_for_port", "a TCP port accepts connections (waits up to a timeout)",
            List.of(ArgSpec.required("port", ArgType.INT, "the TCP port"),
                    ArgSpec.optional("host", ArgType.NAME, "127.0.0.1", "the address to connect to"),
                    ArgSpec.optional("timeout", ArgType.INT, 60, "seconds to wait")),
            WaitForPortTask::create);

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        int port = args.integer("port");
        if (port < 1 || port > 65535) throw new BadArgument("port", "port: " + port + " is not a TCP port");
        int timeout = args.integer("timeout");
        if (timeout < 1) throw new BadArgument("timeout", "timeout: must be at least 1 second");
        return new WaitForPortTask(spec, port, args.string("host"), timeout);
    }

    private String check() {
        return Script.fmt("timeout 2 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' %q %q </dev/null >/dev/null 2>&1", host, Integer.toString(port));
    }

    @Override
    public String probe() { return "if " + check() + "; then echo open=yes; else echo open=no; fi\n"; }

    @Override
    public Plan plan(String output) {
        if (Facts.parse(output).is("open", "yes")) return new Plan.Ok(host + ":" + port + " accepts connections");
        return new Plan.Change("wait up to " + timeout + " s for " + host + ":" + port, null, new Step(step()), true);
    }

    String step() {
        Script s = new Script();
        s.raw("oml_end=$(( $(date +%s) + " + timeout + " ))");
        s.raw("while ! " + check() + "; do");
        s.line("  if [ \"$(date +%s)\" -ge \"$oml_end\" ]; then echo %q >&2; exit 1; fi",
                "oml: " + host + ":" + port + " did not accept connections within " + timeout + " s");
        s.raw("  sleep 1");
        s.raw("done");
        s.raw("exit 99");
        return s.toString();
    }
}
