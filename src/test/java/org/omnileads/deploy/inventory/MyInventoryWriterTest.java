package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ini4j.Config;
import org.ini4j.Ini;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** my_inventory: the effective inventory, written safely next to the input. */
class MyInventoryWriterTest {
    @TempDir Path dir;

    private Inventory inputFile(String text) throws Exception {
        Path f = dir.resolve("inventory");
        Files.writeString(f, text);
        return InventoryParser.parse(f);
    }

    @Test
    void writesMyInventoryNextToTheInputWithMode0600() throws Exception {
        Inventory inv = inputFile(Texts.CLUSTER_IN_5);
        Path written = MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of());
        assertEquals(dir.resolve("my_inventory"), written);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("inventory", "my_inventory"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file left");
        }
    }

    @Test
    void theHeaderSaysWhenWhatAndHowItWent() throws Exception {
        Inventory inv = inputFile(Texts.AIO);
        String text = Files.readString(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "failed on omlaio", null));
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(1).matches("# date: +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(1));
        assertEquals("# tool:    oml-deploy 0.1.0", lines.get(2));
        assertEquals("# action:  install", lines.get(3));
        assertEquals("# result:  failed on omlaio", lines.get(4));
        assertEquals("# layout:  aio", lines.get(6));
    }

    @Test
    void headerFieldsCannotStartNewLines() {
        Inventory inv = parseQuietly(Texts.AIO);
        String text = MyInventoryWriter.render(inv, Instant.EPOCH, "1\n[omniapp]", "install\r\nx=1", null, null);
        assertTrue(text.contains("# tool:    oml-deploy 1?[omniapp]\n"));
        assertTrue(text.contains("# action:  install??x=1\n"));
        assertTrue(text.contains("# result:  -\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AIO", "CLUSTER_IN_2", "CLUSTER_IN_5"})
    void parsesBackToTheSameSetup(String layout) throws Exception {
        String source = switch (layout) {
            case "AIO" -> Texts.AIO;
            case "CLUSTER_IN_2" -> Texts.CLUSTER_IN_2;
            default -> Texts.CLUSTER_IN_5;
        };
        Inventory inv = inputFile(source + "blanks=\"  kept  \"\nquoted=\"'inner'\"\nempty=\nLOGIN_FAILURE_LIMIT=10\n");
        Inventory back = InventoryParser.parse(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of()));
        assertTrue(inv.sameSetup(back), () -> inv + "\n" + back);
        assertEquals("  kept  ", back.variables().get("blanks"));
        assertEquals("'inner'", back.variables().get("quoted"));
        assertEquals(inv.variables(), back.variables());
    }

    @Test
    void customLayoutsAndHostOrderSurviveTheRoundTrip() throws Exception {
        // Kamailio's host comes first in the file, so it is the first host.
        String text = "[kamailio]\nvoip ansible_host=192.0.2.2 ansible_port=2222 ansible_user=admin\n"
                + "[omniapp]\napp ansible_host=192.0.2.1\n[asterisk]\nast ansible_host=192.0.2.3\n"
                + "[database]\napp\n[dialer]\napp\n" + Texts.VARS;
        Inventory inv = inputFile(text);
        assertEquals(Topology.CUSTOM, inv.topology());
        Inventory back = InventoryParser.parse(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of()));
        assertTrue(inv.sameSetup(back));
        assertEquals(List.of("voip", "app", "ast"), back.hosts().stream().map(Host::name).toList());
    }

    @Test
    void theSameHostUnderEveryGroupIsWrittenAsAllInOne() throws Exception {
        String h = "one ansible_host=192.0.2.1";
        Inventory inv = inputFile(Texts.cluster(h, h, h, h, h));
        Path written = MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of());
        assertTrue(Files.readString(written).contains("[prodenv-aio]\none ansible_host=192.0.2.1 ansible_ssh_port=22 ansible_user=root\n"));
        assertTrue(inv.sameSetup(InventoryParser.parse(written)));
    }

    @Test
    void extraVariablesAreAddedOrWinAndDerivedOnesAreSkipped() throws Exception {
        Inventory inv = inputFile(Texts.AIO);
        Map<String, String> extra = new LinkedHashMap<>(inv.allVariables());
        extra.put("admin_pass", "Changed-By-The-Run-1");
        extra.put("generated_secret", "Gen-Value-2");
        Inventory back = InventoryParser.parse(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", extra));
        assertEquals("Changed-By-The-Run-1", back.variables().get("admin_pass"));
        assertEquals("Gen-Value-2", back.variables().get("generated_secret"));
        assertFalse(back.variables().containsKey("omniapp_ip"));
        assertEquals("192.0.2.10", back.allVariables().get("omniapp_ip"));
    }

    @Test
    void rootPasswordsAreNeverWritten() throws Exception {
        Inventory inv = inputFile("[prodenv-aio]\nomlaio ansible_host=192.0.2.10 ansible_ssh_pass=RootSecret1\n" + Texts.VARS
                + "ansible_password=RootSecret2\n");
        Map<String, String> extra = Map.of("ansible_password", "RootSecret3", "ansible_ssh_pass", "RootSecret4",
                "ansible_become_pass", "RootSecret5", "ansible_sudo_pass", "RootSecret6");
        String text = Files.readString(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", extra));
        assertFalse(text.contains("RootSecret"), text);
        assertFalse(text.contains("ansible_password") || text.contains("ansible_ssh_pass") || text.contains("become_pass"));
    }

    @Test
    void theInputIsNeverModified() throws Exception {
        Inventory inv = inputFile(Texts.AIO);
        byte[] before = Files.readAllBytes(inv.source());
        MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of("admin_pass", "Another-Pass-1"));
        assertArrayEquals(before, Files.readAllBytes(inv.source()));
    }

    @Test
    void anEarlierMyInventoryIsReplacedAtomicallyAndBecomesPrivate() throws Exception {
        Path old = dir.resolve("my_inventory");
        Files.writeString(old, "old content");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        Inventory inv = inputFile(Texts.AIO);
        MyInventoryWriter.write(inv, dir, "0.1.0", "upgrade", "success", Map.of());
        assertTrue(Files.readString(old).startsWith("# my_inventory"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
    }

    @Test
    void whenTheInputIsMyInventoryItIsLeftAsItIs() throws Exception {
        Path input = dir.resolve("my_inventory");
        Files.writeString(input, Texts.AIO);
        byte[] before = Files.readAllBytes(input);
        Inventory inv = InventoryParser.parse(input);
        assertEquals(input, MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of("TZ", "America/Argentina/Cordoba")));
        assertArrayEquals(before, Files.readAllBytes(input));
        IOException e = assertThrows(IOException.class,
                () -> MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of("admin_pass", "New-Pass-From-Run")));
        assertTrue(e.getMessage().contains("never modified"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(input));
    }

    @Test
    void variablesThatCannotBeWrittenAreRefused() {
        Inventory inv = parseQuietly(Texts.AIO);
        assertThrows(IllegalArgumentException.class, () -> MyInventoryWriter.write(inv, dir, "v", "a", "r", Map.of("bad name", "x")));
        assertThrows(IllegalArgumentException.class, () -> MyInventoryWriter.write(inv, dir, "v", "a", "r", Map.of("x", "line\nbreak")));
        assertFalse(Files.exists(dir.resolve("my_inventory")));
    }

    @Test
    void aStandardIniReaderSeesTheSameVariables() throws Exception {
        // ini4j as an independent reader: my_inventory is plain INI, not something only we can read.
        Inventory inv = inputFile(Texts.CLUSTER_IN_2 + "LOGIN_FAILURE_LIMIT=10\n");
        String text = Files.readString(MyInventoryWriter.write(inv, dir, "0.1.0", "install", "success", Map.of()));
        Config config = new Config();
        config.setEscape(false);
        config.setEmptyOption(true);
        Ini ini = new Ini();
        ini.setConfig(config);
        ini.load(new StringReader(text));
        assertEquals(List.of("omniapp", "kamailio", "asterisk", "database", "dialer", "everyone:vars"), List.copyOf(ini.keySet()));
        Map<String, String> seen = new LinkedHashMap<>(ini.get("everyone:vars"));
        assertEquals(inv.variables(), seen);
    }

    private static Inventory parseQuietly(String text) {
        try {
            return Texts.parse(text);
        } catch (InventoryException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
