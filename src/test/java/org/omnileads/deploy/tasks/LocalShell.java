package org.omnileads.deploy.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs sh on this machine for unit tests of scripts that only touch a temporary folder. */
final class LocalShell {
    private LocalShell() {}

    record Result(int status, String output) {}

    static Result run(String script) {
        try {
            Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(true).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("sh did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether sh parses the script ({@code sh -n}). */
    static Result syntax(String script) {
        return run("cat > /tmp/oml-syntax-check.$$ <<'OML_SYNTAX_CHECK_END'\n" + script + "\nOML_SYNTAX_CHECK_END\n"
                + "sh -n /tmp/oml-syntax-check.$$; rc=$?; rm -f /tmp/oml-syntax-check.$$; exit $rc\n");
    }
}
