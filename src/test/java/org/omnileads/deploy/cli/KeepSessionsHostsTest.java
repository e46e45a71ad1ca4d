package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * {@code deploy apply --keep-sessions} end to end, with the keeper the command starts as a
 * process of its own: the next run logs in to nobody, the keeper's command line and log hold no
 * password, {@code deploy sessions} lists what it holds and {@code --close} ends it.
 */
@Tag("hosts")
class KeepSessionsHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "keep");

    @TempDir Path dir;
    Path sessions;

    @AfterEach
    void closeKeeper() {
        CliRunner.run("sessions", "--close");
        System.clearProperty("oml.deploy.sessions.dir");
    }

    private static int logins(TestHost h) {
        return Integer.parseInt(h.shInside("journalctl -u ssh --no-pager | grep -c 'Accepted password' || true").getStdout().strip());
    }

    private static Optional<ProcessHandle> keeperOf(Path sessions) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of)
                .map(a -> a.contains("org.omnileads.deploy.ssh.SessionKeeper") && a.contains(sessions.toString())).orElse(false)).findFirst();
    }

    @Test
    void aSecondRunLogsInToNobodyAndTheKeeperIsClosedOnRequest() throws Exception {
        sessions = Files.createTempDirectory(Path.of("/tmp"), "kcli");
        System.setProperty("oml.deploy.sessions.dir", sessions.toString());
        List<TestHost> hosts = HOSTS.all();
        StringBuilder ini = new StringBuilder("[targets]\n");
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++) {
            ini.append("node").append(i + 1).append(" ansible_host=").append(hosts.get(i).address()).append('\n');
            pw.append("node").append(i + 1).append('=').append(hosts.get(i).rootPassword()).append('\n');
        }
        Path hostsFile = dir.resolve("hosts.ini");
        Files.writeString(hostsFile, ini);
        Path pwFile = dir.resolve("passwords");
        Files.writeString(pwFile, pw);
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        Path roles = Files.createDirectories(dir.resolve("roles/demo"));
        Files.writeString(dir.resolve("roles/site.yaml"), "- {role: demo, on: all}\n");
        Files.writeString(roles.resolve("tasks.yaml"), """
                - name: folder
                  directory: {path: /opt/keep-test, mode: "0755"}
                - name: setting
                  line: {path: /opt/keep-test/conf, line: "a=1", create: true}
                - name: sshd installed
                  package: {names: [openssh-server]}
                """);
        String[] args = {"apply", "--hosts", hostsFile.toString(), "--roles", dir.resolve("roles").toString(), "--password-file", pwFile.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--json", "--keep-sessions", "60"};

        var bad = CliRunner.run("apply", "--hosts", hostsFile.toString(), "--keep-sessions", "-1");
        assertEquals(ExitCode.USAGE, bad.exit());
        assertTrue(bad.err().contains("--keep-sessions") && bad.err().contains("from 0 to 86400"), bad.err());

        var first = CliRunner.run(concat(args, "--accept-new-host-keys"));
        assertEquals(0, first.exit(), first.err() + first.out());
        ProcessHandle keeper = keeperOf(sessions).orElseThrow(() -> new AssertionError("no keeper process for " + sessions));
        String commandLine = keeper.info().commandLine().orElse("");
        String log = Files.readString(sessions.resolve("keeper.log"));
        for (TestHost h : hosts) {
            assertFalse(commandLine.contains(h.rootPassword()), "a password in the keeper's command line");
            assertFalse(log.contains(h.rootPassword()), "a password in the keeper's log");
        }
        assertTrue(log.contains("logged in to 2 of 2 hosts"), log);
        assertNoPasswordInMemory(keeper, hosts);
        int[] before = hosts.stream().mapToInt(KeepSessionsHostsTest::logins).toArray();

        // Tools the probes would start, counted (first on PATH in a root login).
        TestHost h1 = hosts.get(0);
        for (String tool : List.of("dpkg-query", "base64")) {
            h1.shInside("printf '#!/bin/sh\\necho " + tool + " >> /run/oml-calls\\nexec /usr/bin/" + tool + " \"$@\"\\n' > /usr/local/bin/" + tool
                    + " && chmod 755 /usr/local/bin/" + tool);
        }
        var again = CliRunner.run(args);
        assertEquals(0, again.exit(), again.err() + again.out());
        String recap = lastLine(again.out());
        assertTrue(recap.contains("\"node1\":{\"ok\":3,\"changed\":0,\"failed\":0,\"skipped\":0,\"unreachable\":0,\"unknown\":0,\"roundTrips\":1"), recap);
        for (int i = 0; i < hosts.size(); i++) assertEquals(before[i], logins(hosts.get(i)), "the second run logged in to " + hosts.get(i));
        // The first run made the file, so its content is read once now (and remembered); the package database was known.
        assertEquals("base64\n", calls(h1));
        var third = CliRunner.run(args);
        assertTrue(lastLine(third.out()).contains("\"node1\":{\"ok\":3,\"changed\":0,"), lastLine(third.out()));
        assertEquals("", calls(h1), "the keeper remembered the edited file (by its hash) and the package database (by its stat lines)");

        // A drift and a package database that changed: both are read again, and the drift is mended.
        h1.shInside("echo b=2 > /opt/keep-test/conf; touch /var/lib/dpkg/status");
        var drift = CliRunner.run(args);
        assertEquals(0, drift.exit(), drift.err() + drift.out());
        assertTrue(lastLine(drift.out()).contains("\"node1\":{\"ok\":2,\"changed\":1,"), lastLine(drift.out()));
        assertEquals("a=1\n", h1.shInside("grep a=1 /opt/keep-test/conf").getStdout());
        String seen = calls(h1);
        assertTrue(seen.contains("dpkg-query") && seen.contains("base64"), seen);
        // The file the last run changed is read once more, then known again.
        var calm = CliRunner.run(args);
        assertTrue(lastLine(calm.out()).contains("\"node1\":{\"ok\":3,\"changed\":0,"), lastLine(calm.out()));
        assertEquals("base64\n", calls(h1));
        var calmer = CliRunner.run(args);
        assertTrue(lastLine(calmer.out()).contains("\"node1\":{\"ok\":3,\"changed\":0,"), lastLine(calmer.out()));
        assertEquals("", calls(h1));
        h1.shInside("rm -f /usr/local/bin/dpkg-query /usr/local/bin/base64");
        // What the keeper knows of the hosts' files stays in its memory.
        try (var files = Files.list(sessions)) {
            assertEquals(List.of("keeper.log"), files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".sock")).toList());
        }
        assertFalse(Files.readString(sessions.resolve("keeper.log")).contains("a=1"), "a file's content in the keeper's log");

        var listed = CliRunner.run("sessions");
        assertEquals(0, listed.exit(), listed.err());
        for (TestHost h : hosts) assertTrue(listed.out().contains("root@" + h.address() + ":22  open"), listed.out());

        var closed = CliRunner.run("sessions", "--close");
        assertEquals("kept sessions closed\n", closed.out());
        assertTrue(keeper.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null);
        try (var left = Files.list(sessions)) {
            assertEquals(List.of(), left.filter(f -> f.toString().endsWith(".sock")).toList(), "the keeper removed its socket");
        }
        assertEquals("no sessions are kept\n", CliRunner.run("sessions").out());
    }

    /**
     * The keeper keeps no password once its hosts are logged in to: a dump of its live objects (a full
     * collection first, so only what something still refers to) holds no root password's bytes.
     */
    private void assertNoPasswordInMemory(ProcessHandle keeper, List<TestHost> hosts) throws Exception {
        Path dump = dir.resolve("keeper.hprof");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(keeper.pid()), "GC.heap_dump", dump.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        byte[] heap = Files.readAllBytes(dump);
        Files.delete(dump);
        assertTrue(heap.length > 1_000_000, "a heap dump of " + heap.length + " bytes");
        for (TestHost h : hosts) {
            // Latin-1 strings, UTF-16 strings and byte buffers (an SSH packet before encryption).
            for (var cs : List.of(java.nio.charset.StandardCharsets.ISO_8859_1, java.nio.charset.StandardCharsets.UTF_16BE,
                    java.nio.charset.StandardCharsets.UTF_16LE)) {
                assertEquals(-1, indexOf(heap, h.rootPassword().getBytes(cs)),
                        "the root password of " + h.address() + " (" + cs + ") is still in the keeper's live objects");
            }
        }
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) if (in[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** The counted tools started since the last look, and forgets them. */
    private static String calls(TestHost h) {
        return h.shInside("cat /run/oml-calls 2>/dev/null; rm -f /run/oml-calls").getStdout();
    }

    private static String lastLine(String out) {
        String t = out.strip();
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
