package org.omnileads.deploy.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.tasks.ContentTask;
import org.omnileads.deploy.tasks.ReleaseFilesTask;
import org.omnileads.deploy.tasks.Task;

/**
 * The real releases of {@code ../shared/releases/} (1.11.6: PJSIP; 1.3.1: chan_sip) through the
 * release layer and the bundled asterisk role: which are installed, which refused and why, and
 * what the Asterisk host would get.
 */
class ReleaseTelephonyTest {
    static final Path RELEASES = Path.of("..", "shared", "releases");
    static final Path R1116 = RELEASES.resolve("ominicontacto-1.11.6-partial.tar.gz");
    static final Path R131 = RELEASES.resolve("ominicontacto-1.3.1-partial.tar.gz");
    static Release release1116;

    @BeforeAll
    static void realReleases() throws IOException {
        assertTrue(Files.isRegularFile(R1116) && Files.isRegularFile(R131),
                "the real releases are test input: " + RELEASES.toAbsolutePath() + " (shared/ beside the clone)");
        release1116 = Release.read(R1116);
    }

    static Map<String, Object> asteriskHostVars() throws Exception {
        Inventory inv = InventoryParser.parse(Path.of("inventory.example.ini"));
        var host = inv.wiring().host(Component.ASTERISK);
        Map<String, Object> vars = new LinkedHashMap<>(inv.allVariables());
        vars.put("inventory_hostname", host.name());
        vars.put("host_ip", host.address());
        vars.put("host_components", inv.componentsOf(host).stream().map(Component::group).toList());
        return vars;
    }

    static Map<String, ContentTask> files(BoundRole b) {
        return b.tasks().stream().filter(t -> t instanceof ContentTask).map(t -> (ContentTask) t)
                .collect(Collectors.toMap(ContentTask::dest, t -> t, (a, c) -> c, LinkedHashMap::new));
    }

    static String text(ContentTask t) { return new String(t.content(), StandardCharsets.UTF_8); }

    @Test
    void release1116IsOfTheSupportedLineAndItsVersionComesFromItsFolderName() {
        assertEquals("1.11.6", release1116.version().orElseThrow());
        ReleaseLines.Verdict v = ReleaseLines.check(release1116);
        assertEquals(new ReleaseLines.Verdict.Supported("1.11.6", "1.11"), v);
    }

    @Test
    void release131IsRefusedForChanSipNamingTheDialplanLine() throws Exception {
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(RoleLoader.bundled(), R131, Map.of());
        String m = assertInstanceOf(ReleaseTelephony.Choice.Refused.class, c).message();
        assertTrue(m.contains("chan_sip"), m);
        assertTrue(m.matches("(?s).*ominicontacto_voip/asterisk-files/conf/oml_extensions\\w*\\.conf:\\d+: SIP.*"), m);
        assertTrue(m.contains("1.11.x"), m);
    }

    @Test
    void aStandInReleaseWithoutTelephonyKeepsTheDeployersOwnConfiguration() throws Exception {
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(RoleLoader.bundled(), Path.of("fixtures/omnileads-release-1"), Map.of());
        assertInstanceOf(ReleaseTelephony.Choice.Own.class, c);
    }

    @Test
    void theAsteriskRoleInstallsTheReleasesFilesRenderedAndAdapted() throws Exception {
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(RoleLoader.bundled(), R1116, Map.of());
        Roles roles = assertInstanceOf(ReleaseTelephony.Choice.FromRelease.class, c).roles();
        Map<String, Object> vars = asteriskHostVars();
        BoundRole b = roles.bind("asterisk", vars);
        assertFalse(b.tasks().stream().anyMatch(t -> t instanceof ReleaseFilesTask), "the placeholder is replaced");
        Map<String, ContentTask> f = files(b);
        String etc = "/opt/omnileads/asterisk/etc/asterisk/";

        // copied as the release ships it
        ContentTask dialplan = f.get(etc + "oml_extensions.conf");
        assertNotNull(dialplan, f.keySet().toString());
        assertTrue(java.util.Arrays.equals(release1116.bytes("ominicontacto_voip/asterisk-files/conf/oml_extensions.conf"), dialplan.content()));
        // rendered, nothing of Jinja left, trim_blocks as Ansible
        for (ContentTask t : f.values()) {
            String s = text(t);
            assertFalse(s.contains("{{") || s.contains("{%"), t.dest() + " still holds template syntax");
        }
        assertTrue(text(f.get(etc + "oml_res_odbc.conf")).contains("username => " + vars.get("postgres_user")));
        // trim_blocks: the newline after a block tag goes, the one after {{ x }} stays
        assertTrue(text(f.get("/etc/odbc.ini")).contains("Database            = omnileads\nServername          = 192.0.2.13\n"
                + "UserName            = omnileads\nPort                = 5432\n#Protocol"), text(f.get("/etc/odbc.ini")));
        // adapted: Debian's ODBC driver, the AMI user limited by address, HTTP on the host's own address
        String odbcinst = text(f.get("/etc/odbcinst.ini"));
        assertTrue(odbcinst.contains("Driver\t\t= /usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so"), odbcinst);
        assertFalse(odbcinst.contains("/usr/pgsql-"), odbcinst);
        String ami = text(f.get(etc + "oml_manager.conf"));
        assertTrue(ami.startsWith("[" + vars.get("ami_user") + "]\ndeny=0.0.0.0/0.0.0.0\npermit=127.0.0.1/255.255.255.255\npermit=192.0.2.10/"), ami);
        assertTrue(ami.contains(String.valueOf(vars.get("ami_password"))));
        assertTrue(text(f.get(etc + "oml_http.conf")).contains("bindaddr=192.0.2.12\n"));
        assertTrue(text(f.get(etc + "asterisk.conf")).contains("astmoddir => /opt/omnileads/asterisk/lib/asterisk/modules"));
        assertTrue(text(f.get("/opt/omnileads/asterisk/var/lib/asterisk/agi-bin/omni-dialednum.py")).startsWith("#!/usr/bin/python3\n"));
        // the operator's hooks are created once; the release's own files are kept in step
        ContentTask custom = f.get(etc + "oml_extensions_custom.conf");
        assertFalse(custom.force(), "a *_custom file is created once");
        assertFalse(f.get(etc + "oml_manager_override.conf").force());
        assertTrue(dialplan.force());
        assertEquals(0640, (int) f.get(etc + "oml_manager.conf").attrs().mode(), "config holding secrets is 0640");
        assertEquals("omnileads", f.get(etc + "oml_manager.conf").attrs().owner());
        // the role's own files of the same names step aside
        List<String> own = b.tasks().stream().filter(t -> t.spec().name().equals("extensions.conf")).map(Task::spec)
                .map(s -> s.kind()).toList();
        assertEquals(List.of("template"), own);
        Task ownExtensions = b.tasks().stream().filter(t -> t.spec().name().equals("extensions.conf")).findFirst().orElseThrow();
        assertInstanceOf(org.omnileads.deploy.tasks.SkippedTask.class, ownExtensions);
        // one task per destination: nothing written twice
        long dests = b.tasks().stream().filter(t -> t instanceof ContentTask).count();
        assertEquals(f.size(), dests);
    }

    @Test
    void withoutTheReleaseTheRoleKeepsItsOwnFilesAndThePlaceholderChangesNothing() throws Exception {
        BoundRole b = RoleLoader.bundled().bind("asterisk", asteriskHostVars());
        Task placeholder = b.tasks().stream().filter(t -> t instanceof ReleaseFilesTask).findFirst().orElseThrow();
        assertInstanceOf(org.omnileads.deploy.tasks.Plan.Skip.class, placeholder.plan(""));
        Task ownExtensions = b.tasks().stream().filter(t -> t.spec().name().equals("extensions.conf")).findFirst().orElseThrow();
        assertInstanceOf(ContentTask.class, ownExtensions);
    }

    @Test
    void jinjaBlockTagsLoseTheirNewlineAndLineNumbersStayThoseOfTheReleaseFile() {
        AnsibleTemplates.Translated t = AnsibleTemplates.translate("a\n{% if x %}\nb {{ y }}\n{% elif z %}\nc\n{% endif %}\n{# note #}\nd\n");
        assertEquals("a\n{% if x %}b {{ y }}\n{% elseif z %}c\n{% endif %}{# note #}d\n", t.text());
        // translated lines 1..5 start at original lines 1, 2, 4, 6, 8... as joined: line 2 holds original 2-3
        assertEquals(List.of(1, 2, 4, 6, 9), java.util.Arrays.stream(t.originalLines()).boxed().toList());
    }

    @Test
    void aTemplateNeedingAValueTheDeployerLacksIsAnErrorNamingTheReleaseFileAndLine(@TempDir Path dir) throws Exception {
        Path tree = unpack(dir);
        Path t = tree.resolve("deploy/ansible/roles/asterisk/templates/conf/oml_http.conf");
        Files.writeString(t, Files.readString(t) + "\nline=1\nprefix={{ http_prefix_nobody_sets }}\n");
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(RoleLoader.bundled(), tree, Map.of());
        Roles roles = assertInstanceOf(ReleaseTelephony.Choice.FromRelease.class, c).roles();
        RoleException e = assertThrows(RoleException.class, () -> roles.bind("asterisk", asteriskHostVars()));
        String m = String.join("\n", e.problems());
        int line = (int) Files.readString(t).lines().takeWhile(l -> !l.contains("http_prefix_nobody_sets")).count() + 1;
        assertTrue(m.contains("deploy/ansible/roles/asterisk/templates/conf/oml_http.conf:" + line + ": undefined variable http_prefix_nobody_sets"), m);
    }

    @Test
    void aTreeLackingTheInstallersTaskFileOrOfAnUnknownLineIsRefused(@TempDir Path dir) throws Exception {
        Path tree = unpack(dir);
        Files.delete(tree.resolve(ReleaseLines.ASTERISK_TASKS));
        String m = assertInstanceOf(ReleaseTelephony.Choice.Refused.class, ReleaseTelephony.choose(RoleLoader.bundled(), tree, Map.of())).message();
        assertTrue(m.contains("lacks " + ReleaseLines.ASTERISK_TASKS), m);

        Path other = dir.resolve("ominicontacto-1.9.2");
        Files.move(tree, other);
        m = assertInstanceOf(ReleaseTelephony.Choice.Refused.class, ReleaseTelephony.choose(RoleLoader.bundled(), other, Map.of())).message();
        assertTrue(m.contains("release 1.9.2 is of line 1.9") && m.contains("supported: 1.11.x"), m);
    }

    @Test
    void aReRunWithoutReleaseReadsTheInstalledOneOrRefusesWhenItIsGone(@TempDir Path dir) throws Exception {
        ReleaseTelephony.Choice c = ReleaseTelephony.choose(RoleLoader.bundled(), null,
                Map.of(ReleaseTelephony.RECORD, "1.11.6 " + R1116.toAbsolutePath()));
        assertEquals("1.11.6", assertInstanceOf(ReleaseTelephony.Choice.FromRelease.class, c).version());
        c = ReleaseTelephony.choose(RoleLoader.bundled(), null, Map.of(ReleaseTelephony.RECORD, "1.11.6 " + dir.resolve("gone.tar.gz")));
        String m = assertInstanceOf(ReleaseTelephony.Choice.Refused.class, c).message();
        assertTrue(m.contains("give it again with --release"), m);
        assertInstanceOf(ReleaseTelephony.Choice.Own.class, ReleaseTelephony.choose(RoleLoader.bundled(), null, Map.of()));
    }

    /** The 1.11.6 release as a folder named as its tag. */
    static Path unpack(Path dir) throws Exception {
        Process p = new ProcessBuilder("tar", "-xzf", R1116.toAbsolutePath().toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return dir.resolve("ominicontacto-1.11.6");
    }
}
