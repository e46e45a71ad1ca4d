package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.Topology;

/** {@code deploy apply}: the Ansible-style hosts file, the generic inventory built from it, and its usage errors. */
class ApplyCommandTest {
    @TempDir Path dir;

    /** The shape of shared/bench/ansible-synthetic/inventory.template.ini, filled in. */
    static final String TEMPLATE_LIKE = """
            # Fill one line per target host. The benchmark uses five hosts.
            [targets]
            host1 ansible_host=10.88.0.11
            host2 ansible_host=10.88.0.12 ansible_port=2222

            [targets:vars]
            ansible_user=root
            ansible_password=Not-Used-Here-123
            ansible_python_interpreter=/usr/bin/python3
            greeting = hello world
            """;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsHostsAndKeepsOnlyVariablesForTheRoles() throws Exception {
        ApplyCommand.HostsFile hf = ApplyCommand.readHosts(write("hosts.ini", TEMPLATE_LIKE));
        assertEquals(List.of(new Host("host1", "10.88.0.11", 22, "root", 3), new Host("host2", "10.88.0.12", 2222, "root", 4)), hf.hosts());
        assertEquals(Map.of("greeting", "hello world"), hf.variables(), "login settings and the password are never kept");
    }

    @Test
    void theInventoryHasNoWiringAndATopologyOfCustom() throws Exception {
        Path f = write("hosts.ini", TEMPLATE_LIKE);
        Inventory inv = ApplyCommand.inventoryOf(f, ApplyCommand.readHosts(f));
        assertEquals(Topology.CUSTOM, inv.topology());
        assertTrue(inv.wiring().hosts().isEmpty());
        assertTrue(inv.componentsOf(inv.hosts().get(0)).isEmpty());
        assertTrue(inv.secretValues().isEmpty());
        assertEquals("hello world", inv.allVariables().get("greeting"));
    }

    @Test
    void aHostInTwoGroupsCountsOnceAndAHostWithoutAddressIsItsName() throws Exception {
        ApplyCommand.HostsFile hf = ApplyCommand.readHosts(write("hosts.ini",
                "[web]\nweb1 ansible_host=192.0.2.1\nlocalhost\n[db]\nweb1 ansible_host=192.0.2.1\n"));
        assertEquals(List.of("web1", "localhost"), hf.hosts().stream().map(Host::name).toList());
        assertEquals("localhost", hf.hosts().get(1).address());
    }

    @Test
    void everyProblemIsReportedWithFileAndLine() throws Exception {
        Path f = write("hosts.ini", """
                stray=1
                [targets]
                host1 ansible_host=10.0.0.1 ansible_port=99999
                host2 ansible_host=10.0.0.2 color=blue
                host3 ansible_host=10.0.0.3
                host3 ansible_host=10.0.0.9
                [targets:vars]
                no equals sign
                [targets:children]
                """);
        var e = assertThrows(ApplyCommand.HostsFileException.class, () -> ApplyCommand.readHosts(f));
        String m = e.getMessage();
        assertTrue(m.contains(f + ":1: a line outside any section"), m);
        assertTrue(m.contains(f + ":3: port '99999'"), m);
        assertTrue(m.contains(f + ":4: unsupported host setting color"), m);
        assertTrue(m.contains(f + ":6: host host3 was given as 10.0.0.3:22 on line 5"), m);
        assertTrue(m.contains(f + ":8: expected NAME=VALUE"), m);
        assertTrue(m.contains(f + ":9: section [targets:children] is not supported"), m);
    }

    @Test
    void aFileWithoutHostsIsRefused() throws Exception {
        Path f = write("hosts.ini", "[targets:vars]\nx=1\n");
        var e = assertThrows(ApplyCommand.HostsFileException.class, () -> ApplyCommand.readHosts(f));
        assertTrue(e.getMessage().contains("no hosts"), e.getMessage());
    }

    @Test
    void applyIsHiddenFromTheMainHelpButHasItsOwn() {
        var main = CliRunner.run("--help");
        assertFalse(main.out().contains("apply"), main.out());
        var own = CliRunner.run("apply", "--help");
        assertEquals(0, own.exit(), own.err());
        assertTrue(own.out().contains("--hosts"), own.out());
        assertTrue(own.out().contains("--password-file"), own.out());
        assertTrue(own.out().contains("--forks"), own.out());
    }

    @Test
    void usageErrorsExit2AndTouchNothing() throws Exception {
        var noHosts = CliRunner.run("apply", "--roles", dir.toString());
        assertEquals(2, noHosts.exit());
        assertTrue(noHosts.err().contains("--hosts"), noHosts.err());

        Path hosts = write("hosts.ini", TEMPLATE_LIKE);
        var noRoles = CliRunner.run("apply", "--hosts", hosts.toString());
        assertEquals(2, noRoles.exit());
        assertTrue(noRoles.err().contains("--roles"), noRoles.err());

        var badHosts = CliRunner.run("apply", "--hosts", write("bad.ini", "[targets]\nh ansible_port=x\n").toString(), "--roles", dir.toString());
        assertEquals(2, badHosts.exit());
        assertTrue(badHosts.err().contains("bad.ini:2: port 'x'"), badHosts.err());

        Path roles = Files.createDirectories(dir.resolve("roles"));
        Files.writeString(roles.resolve("site.yaml"), "- {role: nosuch, on: all}\n");
        var badRoles = CliRunner.run("apply", "--hosts", hosts.toString(), "--roles", roles.toString());
        assertEquals(2, badRoles.exit());
        assertTrue(badRoles.err().contains("site.yaml:1: no role nosuch"), badRoles.err());

        var copyId = CliRunner.run("apply", "--hosts", hosts.toString(), "--roles", roles.toString(), "--copy-id");
        assertEquals(2, copyId.exit());
        assertTrue(copyId.err().contains("--copy-id"), copyId.err());
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        Path roles = Files.createDirectories(dir.resolve("roles"));
        Files.writeString(roles.resolve("site.yaml"), "[]\n");
        Path pw = write("pw", "host1=x\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
        var r = CliRunner.run("apply", "--hosts", write("hosts.ini", TEMPLATE_LIKE).toString(), "--roles", roles.toString(),
                "--password-file", pw.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("chmod 600"), r.err());
    }

    @Test
    void aHostThatRefusesTheConnectionExits3WithCauseAndFix() throws Exception {
        Path roles = Files.createDirectories(dir.resolve("roles"));
        Files.writeString(roles.resolve("site.yaml"), "[]\n");
        // Port 1 on the loopback address: nothing listens there, the connection is refused at once.
        Path hosts = write("hosts.ini", "[targets]\nnobody ansible_host=127.0.0.1 ansible_port=1\n");
        var r = CliRunner.run("apply", "--hosts", hosts.toString(), "--roles", roles.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--accept-new-host-keys");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("nobody (127.0.0.1)"), r.err());
        assertTrue(r.err().contains("what to do:"), r.err());
    }
}
