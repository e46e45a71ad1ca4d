package org.omnileads.deploy.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local container engine that runs lab hosts: podman (this machine) or Docker (where an
 * engine answers). Both take the same verbs; commands are argument lists, never shell strings,
 * and secrets go on standard input.
 */
public final class ContainerEngine {
    private final String program;

    private ContainerEngine(String program) { this.program = program; }

    public String program() { return program; }

    /**
     * Finds a working engine: {@code OML_CONTAINER_ENGINE} when set, else podman, else Docker.
     *
     * @throws LabException naming the setup command when none works
     */
    public static ContainerEngine detect() throws LabException {
        String wanted = System.getenv("OML_CONTAINER_ENGINE");
        List<String> candidates = wanted != null && !wanted.isBlank() ? List.of(wanted) : List.of("podman", "docker");
        for (String c : candidates) {
            ContainerEngine e = new ContainerEngine(c);
            try {
                if (e.run(List.of("info", "--format", "{{.Host.Arch}}"), null).ok()
                        || e.run(List.of("info"), null).ok()) return e;
            } catch (LabException ignored) {
                // Not installed: try the next one.
            }
        }
        throw new LabException("no container engine works here (tried " + String.join(", ", candidates) + ")",
                "run `sudo scripts/test-hosts-setup.sh` from the oml-deploy repository: it installs podman and makes the base image");
    }

    /** Result of one engine command. */
    public record Result(int exit, String stdout, String stderr) {
        public boolean ok() { return exit == 0; }
    }

    public Result run(List<String> args, byte[] stdin) throws LabException {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(args);
        try {
            Process p = new ProcessBuilder(argv).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = new Thread(() -> pump(p.getErrorStream(), err));
            errPump.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new LabException(program + " " + args.get(0) + " did not finish in 15 minutes", "");
            }
            errPump.join();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException(program + " cannot be run: " + e.getMessage(),
                    "install it with `sudo scripts/test-hosts-setup.sh`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + program, "");
        }
    }

    /** Runs and fails with the engine's own error text when the command fails. */
    public String check(List<String> args, byte[] stdin) throws LabException {
        Result r = run(args, stdin);
        if (!r.ok()) throw new LabException(program + " " + String.join(" ", args) + " failed: " + r.stderr().strip(), "");
        return r.stdout();
    }

    private static void pump(InputStream in, ByteArrayOutputStream sink) {
        try {
            in.transferTo(sink);
        } catch (IOException ignored) {
            // The process ended; what was read is kept.
        }
    }
}
