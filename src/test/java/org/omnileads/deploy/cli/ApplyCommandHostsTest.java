package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * {@code deploy apply} on two real hosts, end to end through the command line: a hosts file in
 * Ansible's shape (whose ansible_password is wrong on purpose: only --password-file counts), a
 * roles folder with one {@code on: all} phase, then a converged re-run in one round trip per host.
 */
@Tag("hosts")
class ApplyCommandHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(2, "apply");

    @TempDir Path dir;

    @Test
    void appliesTheSiteOnEveryHostThenChangesNothing() throws Exception {
        List<TestHost> hosts = HOSTS.all();
        StringBuilder ini = new StringBuilder("[targets]\n");
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++) {
            ini.append("node").append(i + 1).append(" ansible_host=").append(hosts.get(i).address()).append('\n');
            pw.append("node").append(i + 1).append('=').append(hosts.get(i).rootPassword()).append('\n');
        }
        ini.append("[targets:vars]\nansible_user=root\nansible_password=Wrong-On-Purpose-99\nansible_python_interpreter=/usr/bin/python3\ngreeting=hello\n");
        Path hostsFile = dir.resolve("hosts.ini");
        Files.writeString(hostsFile, ini);
        Path pwFile = dir.resolve("passwords");
        Files.writeString(pwFile, pw);
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        Path roles = Files.createDirectories(dir.resolve("roles/demo"));
        Files.writeString(dir.resolve("roles/site.yaml"), "- {role: demo, on: all}\n");
        Files.writeString(roles.resolve("tasks.yaml"), """
                - name: folder
                  directory: {path: /opt/apply-test, mode: "0755"}
                - name: greeting
                  line: {path: /opt/apply-test/greeting, line: "{{ greeting }} from {{ inventory_hostname }}", create: true}
                """);
        String[] args = {"apply", "--hosts", hostsFile.toString(), "--roles", dir.resolve("roles").toString(),
                "--password-file", pwFile.toString(), "--known-hosts", dir.resolve("known_hosts").toString(), "--json"};

        var first = CliRunner.run(concat(args, "--accept-new-host-keys"));
        assertEquals(0, first.exit(), first.err() + first.out());
        String recap = lastLine(first.out());
        assertTrue(recap.contains("\"event\":\"RunFinished\""), recap);
        assertTrue(recap.contains("\"node1\":{\"ok\":0,\"changed\":2"), recap);
        assertTrue(recap.contains("\"node2\":{\"ok\":0,\"changed\":2"), recap);
        for (int i = 0; i < hosts.size(); i++) {
            assertEquals("hello from node" + (i + 1) + "\n", hosts.get(i).execInside("cat", "/opt/apply-test/greeting").getStdout());
        }
        assertTrue(Files.isDirectory(dir.resolve(".deploy")), "journal and logs next to the hosts file");

        // Host keys are known now: no --accept-new-host-keys needed.
        var again = CliRunner.run(args);
        assertEquals(0, again.exit(), again.err() + again.out());
        String recap2 = lastLine(again.out());
        assertTrue(recap2.contains("\"node1\":{\"ok\":2,\"changed\":0,\"failed\":0,\"skipped\":0,\"unreachable\":0,\"unknown\":0,\"roundTrips\":1"), recap2);
        assertTrue(recap2.contains("\"node2\":{\"ok\":2,\"changed\":0,\"failed\":0,\"skipped\":0,\"unreachable\":0,\"unknown\":0,\"roundTrips\":1"), recap2);
        for (TestHost h : hosts) {
            assertFalse(first.out().contains(h.rootPassword()) || first.err().contains(h.rootPassword()), "a password was printed");
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
