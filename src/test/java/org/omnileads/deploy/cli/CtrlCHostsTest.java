package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.InventoryTemplate;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * A real SIGINT (what Ctrl-C sends) to a {@code deploy -i} process in the middle of a remote
 * step: the step's processes are killed on the host, the process exits 130, and
 * {@code deploy --resume} completes without redoing what was done. docs/faults.md points here;
 * run/RunnerResumeHostsTest covers the same inside one JVM on two hosts.
 */
@Tag("hosts")
class CtrlCHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "sigint");

    @TempDir Path dir;

    @Test
    void sigintStopsTheRemoteStepExits130AndResumeCompletes() throws Exception {
        TestHost h = HOSTS.get(0);
        String name = InventoryTemplate.layout(Topology.AIO).keySet().iterator().next();
        Path inventory = dir.resolve("inventory");
        Files.writeString(inventory, InventoryTemplate.render(Topology.AIO, Map.of(name, h.address()), "UTC"));
        Path pw = dir.resolve("passwords");
        Files.writeString(pw, name + "=" + h.rootPassword() + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Path roles = Files.createDirectories(dir.resolve("roles/interrupted"));
        Files.writeString(dir.resolve("roles/site.yaml"), "- {role: interrupted, on: all}\n");
        Files.writeString(roles.resolve("tasks.yaml"), """
                - name: before
                  command: {run: "mkdir -p /opt/int && echo run >> /opt/int/counter"}
                - name: long step
                  command: {run: "sleep 47", creates: /opt/int/operator-says-done}
                - name: after
                  file: {path: /opt/int/after.conf, content: "after\\n"}
                """);
        List<String> common = List.of("-I", inventory.toString(), "--roles", dir.resolve("roles").toString(), "--password-file", pw.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--accept-new-host-keys", "--allow-weak-passwords", "--lab", "--json");

        List<String> first = new ArrayList<>(List.of("-i", "-o"));
        first.addAll(common);
        Process p = deploy(first);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readLines(p, lines, true));
        reader.get(3, TimeUnit.MINUTES);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the process ended after SIGINT");
        assertEquals(130, p.exitValue(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"TaskFinished\"") && l.contains("\"task\":\"long step\"")
                && l.contains("\"status\":\"interrupted\"")), String.join("\n", lines));
        assertFalse(h.runs("sleep 47"), "the remote step was killed with its process group");

        // The operator finishes the long step by hand; the resume trusts its guard and does the rest.
        h.execInside("touch", "/opt/int/operator-says-done");
        List<String> again = new ArrayList<>(List.of("--resume", "-o"));
        again.addAll(common);
        Process q = deploy(again);
        List<String> out = new CopyOnWriteArrayList<>();
        readLines(q, out, false);
        assertTrue(q.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, q.exitValue(), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.contains("\"task\":\"before\"") && l.contains("\"status\":\"skipped\"")), String.join("\n", out));
        assertEquals("run\n", h.execInside("cat", "/opt/int/counter").getStdout(), "what was done is not redone");
        assertEquals("after\n", h.execInside("cat", "/opt/int/after.conf").getStdout());
    }

    /** The real launcher's JVM: this test's class path, the real main class, SIGINT as a terminal delivers it. */
    private Process deploy(List<String> args) throws Exception {
        // A JVM started with SIGINT ignored (a test run in the background inherits that) never sees Ctrl-C: reset it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    /** Collects the output; with {@code interrupt}, sends SIGINT once the long step has started. */
    private static void readLines(Process p, List<String> lines, boolean interrupt) {
        boolean sent = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
                if (interrupt && !sent && l.contains("\"event\":\"TaskStarted\"") && l.contains("\"task\":\"long step\"")) {
                    Thread.sleep(1500);
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
                    sent = true;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
