package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnileads.deploy.inventory.Texts.AIO;
import static org.omnileads.deploy.inventory.Texts.CLUSTER_IN_2;
import static org.omnileads.deploy.inventory.Texts.CLUSTER_IN_5;
import static org.omnileads.deploy.inventory.Texts.VARS;
import static org.omnileads.deploy.inventory.Texts.lineOf;
import static org.omnileads.deploy.inventory.Texts.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the parser accepts: the old installer's format in all its spellings. */
class InventoryParserTest {

    @Test
    void readsAllInOne() throws Exception {
        Inventory inv = parse(AIO);
        assertEquals(Topology.AIO, inv.topology());
        assertEquals(List.of(new Host("omlaio", "192.0.2.10", 22, "root", 2)), inv.hosts());
        Host h = inv.hosts().get(0);
        for (Component c : Component.values()) assertSame(h, inv.wiring().host(c));
        assertEquals(java.util.EnumSet.allOf(Component.class), inv.componentsOf(h));
    }

    @Test
    void readsClusterInTwo() throws Exception {
        Inventory inv = parse(CLUSTER_IN_2);
        assertEquals(Topology.CLUSTER_IN_2, inv.topology());
        assertEquals(2, inv.hosts().size());
        assertEquals("omlapp", inv.wiring().fqdn(Component.DATABASE));
        assertEquals("192.0.2.11", inv.wiring().ip(Component.ASTERISK));
        assertEquals(4, inv.hosts().get(1).line(), "a host's line is its first appearance");
    }

    @Test
    void readsClusterInFive() throws Exception {
        Inventory inv = parse(CLUSTER_IN_5);
        assertEquals(Topology.CLUSTER_IN_5, inv.topology());
        assertEquals(List.of("omlapp", "kamailio", "asterisk", "database", "dialer"),
                inv.hosts().stream().map(Host::name).toList());
    }

    @Test
    void derivesTheOldInstallersWiringVariables() throws Exception {
        Map<String, String> all = parse(CLUSTER_IN_5).allVariables();
        assertEquals("192.0.2.10", all.get("omniapp_ip"));
        assertEquals("omlapp", all.get("omniapp_fqdn"));
        assertEquals("192.0.2.11", all.get("kamailio_ip"));
        assertEquals("192.0.2.12", all.get("asterisk_ip"));
        assertEquals("192.0.2.13", all.get("database_ip"));
        assertEquals("dialer", all.get("dialer_fqdn"));
        assertEquals("Pg#pass;word=42", all.get("postgres_password"));
    }

    @Test
    void hostSettingsComeInAnyOrderAndEitherPortSpelling() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_user=admin ansible_host=192.0.2.10 ansible_port=2222\n" + VARS);
        assertEquals(new Host("omlaio", "192.0.2.10", 2222, "admin", 2), inv.hosts().get(0));
        inv = parse("[prodenv-aio]\nomlaio ansible_ssh_port=2200 ansible_ssh_user=ops ansible_ssh_host=192.0.2.10\n" + VARS);
        assertEquals(new Host("omlaio", "192.0.2.10", 2200, "ops", 2), inv.hosts().get(0));
    }

    @Test
    void portAndUserDefaultTo22AndRoot() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_host=192.0.2.10\n" + VARS);
        assertEquals(22, inv.hosts().get(0).port());
        assertEquals("root", inv.hosts().get(0).user());
    }

    @Test
    void sshDefaultsMayComeFromEveryoneVars() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_host=192.0.2.10\n" + VARS + "ansible_user=deployer\nansible_port=2022\n");
        assertEquals(new Host("omlaio", "192.0.2.10", 2022, "deployer", 2), inv.hosts().get(0));
    }

    @Test
    void acceptsCrlfBomAndTrailingBlanks() throws Exception {
        String text = CLUSTER_IN_2.replace("\n", "  \t\r\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write(text.getBytes(StandardCharsets.UTF_8));
        Inventory inv = InventoryParser.parse(Texts.FILE, b.toByteArray());
        assertEquals(Topology.CLUSTER_IN_2, inv.topology());
        assertEquals("Pg#pass;word=42", inv.variables().get("postgres_password"), "trailing blanks are not part of a value");
        assertTrue(parse(CLUSTER_IN_2).sameSetup(inv));
    }

    @Test
    void acceptsOldMacLineEndings() throws Exception {
        Inventory inv = InventoryParser.parse(Texts.FILE, AIO.replace("\n", "\r").getBytes(StandardCharsets.UTF_8));
        assertEquals(Topology.AIO, inv.topology());
    }

    @Test
    void commentsStartWithHashOrSemicolonOnlyAtTheStartOfALine() throws Exception {
        String text = """
                # a comment
                ; another comment
                   # an indented comment
                [prodenv-aio]
                omlaio ansible_host=192.0.2.10 #(this line is for node-host installation)
                """ + VARS + """
                registry_password=a#b;c
                sharp=#starts-with-hash
                semi=;starts-with-semicolon
                """;
        Inventory inv = parse(text);
        assertEquals("a#b;c", inv.variables().get("registry_password"));
        assertEquals("#starts-with-hash", inv.variables().get("sharp"));
        assertEquals(";starts-with-semicolon", inv.variables().get("semi"));
        assertEquals("192.0.2.10", inv.hosts().get(0).address());
    }

    @Test
    void aValueIsEverythingAfterTheFirstEqualsSignTrimmed() throws Exception {
        Inventory inv = parse(AIO + "extra_a =  x=y==z  \nextra_b\t=\tc d\t\n");
        assertEquals("x=y==z", inv.variables().get("extra_a"));
        assertEquals("c d", inv.variables().get("extra_b"));
    }

    @Test
    void quotesAroundTheWholeValueAreRemovedAndKeepInnerBlanks() throws Exception {
        Inventory inv = parse(AIO + "q1=\"  two  blanks  \"\nq2='single quoted'\nq3=\"unbalanced'\nq4=it's\nq5=\"\"\nq6=a\"b\"\n");
        assertEquals("  two  blanks  ", inv.variables().get("q1"));
        assertEquals("single quoted", inv.variables().get("q2"));
        assertEquals("\"unbalanced'", inv.variables().get("q3"));
        assertEquals("it's", inv.variables().get("q4"));
        assertEquals("", inv.variables().get("q5"));
        assertEquals("a\"b\"", inv.variables().get("q6"));
    }

    @Test
    void quotedHostSettingsAreUnquoted() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_host=\"192.0.2.10\" ansible_user='root'\n" + VARS);
        assertEquals("192.0.2.10", inv.hosts().get(0).address());
    }

    @Test
    void defaultsFillTheOptionalVariables() throws Exception {
        Inventory inv = parse(AIO);
        assertEquals("443", inv.variables().get("external_port"));
        assertEquals("3600", inv.variables().get("SCA"));
        assertEquals("28800", inv.variables().get("ECCTL"));
        assertEquals("mp3", inv.variables().get("MONITORFORMAT"));
        assertEquals("Agenda", inv.variables().get("schedule"));
        assertEquals(0, inv.lineOf("SCA"), "a default has no line");
        assertEquals(lineOf(AIO, "admin_pass="), inv.lineOf("admin_pass"));
    }

    @Test
    void givenOptionalValuesWinOverDefaults() throws Exception {
        Inventory inv = parse(AIO + "MONITORFORMAT=wav\nexternal_port=8443\nSCA=600\nECCTL=3600\nschedule=Scheduled\n");
        assertEquals("wav", inv.variables().get("MONITORFORMAT"));
        assertEquals("8443", inv.variables().get("external_port"));
        assertEquals("Scheduled", inv.variables().get("schedule"));
    }

    @Test
    void unknownVariablesArePassedOn() throws Exception {
        Inventory inv = parse(AIO + "LOGIN_FAILURE_LIMIT=10\nexternal_hostname=oml.example.org\n");
        assertEquals("10", inv.variables().get("LOGIN_FAILURE_LIMIT"));
        assertEquals("oml.example.org", inv.variables().get("external_hostname"));
    }

    @Test
    void variablesKeepFileOrderThenDefaults() throws Exception {
        List<String> keys = List.copyOf(parse(AIO).variables().keySet());
        assertEquals("postgres_database", keys.get(0));
        assertEquals("TZ", keys.get(11));
        assertEquals(List.of("external_port", "SCA", "ECCTL", "MONITORFORMAT", "schedule"), keys.subList(12, 17));
    }

    @Test
    void rootPasswordsAreNeverKept() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_host=192.0.2.10 ansible_ssh_pass=RootSecret1 ansible_become_pass=RootSecret2\n"
                + VARS + "ansible_password=RootSecret3\nansible_ssh_pass=RootSecret4\n");
        assertFalse(inv.variables().containsKey("ansible_password"));
        assertFalse(inv.variables().containsKey("ansible_ssh_pass"));
        assertFalse(inv.secretValues().stream().anyMatch(v -> v.startsWith("RootSecret")));
    }

    @Test
    void ignoredAnsibleHostSettingsAreAccepted() throws Exception {
        Inventory inv = parse("[prodenv-aio]\nomlaio ansible_host=192.0.2.10 ansible_python_interpreter=/usr/bin/python3 ansible_connection=ssh\n" + VARS);
        assertEquals("192.0.2.10", inv.hosts().get(0).address());
    }

    @Test
    void aHostNamedByItsAddressUsesItAsAddress() throws Exception {
        // The 1.2.x template's AIO line: "X.X.X.X ansible_ssh_port=22 ansible_user=root".
        Inventory inv = parse("[prodenv-aio]\n192.0.2.10 ansible_ssh_port=22 ansible_user=root\n" + VARS);
        assertEquals(new Host("192.0.2.10", "192.0.2.10", 22, "root", 2), inv.hosts().get(0));
    }

    @Test
    void aHostMayBeNamedAloneOnceItsAddressIsGivenElsewhere() throws Exception {
        String text = Texts.cluster("omlapp ansible_host=192.0.2.10", "omlvoip", "omlvoip ansible_host=192.0.2.11", "omlapp", "omlapp");
        Inventory inv = parse(text);
        assertEquals(Topology.CLUSTER_IN_2, inv.topology());
        assertEquals(lineOf(text, "omlvoip"), inv.hostNamed("omlvoip").line());
    }

    @Test
    void theSameHostUnderAllFiveGroupsIsAllInOne() throws Exception {
        String h = "omlaio ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root";
        assertEquals(Topology.AIO, parse(Texts.cluster(h, h, h, h, h)).topology());
    }

    @Test
    void theOldTemplatesLeftoverSectionsAreIgnored() throws Exception {
        String text = Texts.OLD_STYLE;
        Inventory inv = parse(text);
        assertEquals(Topology.CLUSTER_IN_5, inv.topology());
        assertEquals(5, inv.hosts().size());
        assertNull(inv.variables().get("registry_username"));
        assertNull(inv.variables().get("ssh_port"));
        assertEquals("192.0.2.13", inv.allVariables().get("database_ip"));
    }

    @Test
    void severalEveryoneVarsSectionsAreMerged() throws Exception {
        String text = "[everyone:vars]\nextra=1\n" + AIO;
        assertEquals("1", parse(text).variables().get("extra"));
    }

    @Test
    void sectionHeadersMayCarryATrailingComment() throws Exception {
        Inventory inv = parse(AIO.replace("[prodenv-aio]", "[prodenv-aio]   # all in one").replace("[everyone:vars]", "[everyone:vars] ; shared"));
        assertEquals(Topology.AIO, inv.topology());
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("inventory");
        Files.writeString(f, CLUSTER_IN_5);
        Inventory inv = InventoryParser.parse(f);
        assertEquals(f, inv.source());
        assertEquals(Topology.CLUSTER_IN_5, inv.topology());
    }

    @Test
    void secretValuesAreThePasswords() throws Exception {
        List<String> secrets = parse(AIO).secretValues();
        assertTrue(secrets.contains("Pg#pass;word=42"));
        assertFalse(secrets.contains("omnileads"));
        assertEquals(6, secrets.size());
    }
}
