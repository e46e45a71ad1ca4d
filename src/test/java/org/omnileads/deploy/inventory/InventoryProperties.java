package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the bytes, parsing ends in an inventory or in problems that each have a line and a
 * message, never in another exception; and every inventory survives a trip through my_inventory.
 */
class InventoryProperties {

    /** Valid inventories the mutations start from (fixed, so a failing seed reproduces). */
    private static final List<String> SEEDS = List.of(
            Texts.AIO, Texts.CLUSTER_IN_2, Texts.CLUSTER_IN_5, Texts.OLD_STYLE, example(),
            "[prodenv-aio]\n192.0.2.10 ansible_ssh_port=22 ansible_user=root\n" + Texts.VARS,
            Texts.cluster("omlapp ansible_host=192.0.2.10", "omlvoip ansible_host=192.0.2.11", "omlvoip", "omlapp", "omlapp"),
            Texts.AIO + "q=\"  quoted  \"\nLOGIN_FAILURE_LIMIT=10\nansible_user=root\nMONITORFORMAT=wav\n");

    /** Pieces of inventories, right and wrong, that mutations put in. */
    private static final List<String> FRAGMENTS = List.of(
            "[everyone:vars]", "[everyyone:vars]", "[prodenv-aio]", "[omniapp]", "[kamailio]", "[asterisk]", "[database]",
            "[dialer]", "[docker:vars]", "[everyone:children]", "[omniapp:vars]", "[]", "[", "]", "[ omniapp ]",
            "omlapp ansible_host=192.0.2.10", "omlvoip ansible_host=192.0.2.11 ansible_port=2222", "x ansible_host=999.1.1.1",
            "ansible_host=192.0.2.1", "localhost ansible_connection=local", "192.0.2.77 ansible_user=root", "omlapp",
            "TZ=Mars/Base", "TZ=UTC", "MONITORFORMAT=ogg", "external_port=99999", "SCA=-1", "admin_pass=", "omniapp_ip=1.2.3.4",
            "ansible_password=x", "a b c", "=", "==", "\"", "'", "#", ";", "\t", " ", "\uFEFF", "k=\"v", "k='v'",
            "omlvoip ansible_host=\"192.0.2.11", "\u00e9\u00e9", "\u0000", "\r", "\n", "\r\n", "x=y=z", "#admin_pass=x");

    private static final String CHARS = "[]=#;\"' \t:.-_aZ09\u00e9\u20ac\u0000\u001b\u007f\uFEFF\r\n";

    // ---- never anything but an InventoryException ---------------------------------------

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void mutatedInventoriesGiveAnInventoryOrLineAccurateProblems(@ForAll("mutatedInventories") byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 1_000)
    void randomBytesGiveLineAccurateProblems(@ForAll("randomBytes") byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 1_000)
    void linesOfInventoryPiecesGiveAnInventoryOrLineAccurateProblems(@ForAll("pieceSoup") String text) {
        check(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void check(byte[] bytes) {
        int lines = 1;
        for (byte b : bytes) if (b == '\n' || b == '\r') lines++;
        try {
            Inventory inv = InventoryParser.parse(Texts.FILE, bytes);
            Statistics.label("outcome").collect("inventory");
            assertNotNull(inv.topology());
            for (Component c : Component.values()) assertNotNull(inv.wiring().host(c), c.group());
            for (Host h : inv.hosts()) assertTrue(h.line() >= 1 && h.line() <= lines, h.toString());
            for (InventoryProblem p : PasswordCheck.weakPasswords(inv)) assertTrue(p.line() >= 0 && p.line() <= lines);
            Inventory back = reparse(MyInventoryWriter.render(inv, Instant.EPOCH, "test", "check", "ok", null));
            assertTrue(inv.sameSetup(back), "my_inventory reads back differently");
        } catch (InventoryException e) {
            Statistics.label("outcome").collect(e.problems().size() == 1 ? "one problem" : "several problems");
            assertFalse(e.problems().isEmpty());
            for (InventoryProblem p : e.problems()) {
                assertTrue(p.line() >= 0 && p.line() <= lines, "line " + p.line() + " of " + lines + ": " + p.message());
                assertFalse(p.message() == null || p.message().isBlank());
                assertFalse(p.message().startsWith("internal error"), p.message());
                assertNotNull(p.hint());
                assertEquals(Texts.FILE, p.file());
                assertNotNull(p.format());
            }
        }
    }

    private static Inventory reparse(String text) {
        try {
            return InventoryParser.parse(Texts.FILE, text.getBytes(StandardCharsets.UTF_8));
        } catch (InventoryException e) {
            throw new AssertionError("my_inventory does not parse:\n" + e.getMessage() + "\n---\n" + text, e);
        }
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    }

    @Provide
    Arbitrary<String> pieceSoup() {
        Arbitrary<String> line = Arbitraries.oneOf(Arbitraries.of(FRAGMENTS), Arbitraries.of(Texts.VARS.split("\n")),
                Arbitraries.strings().withChars(CHARS).ofMaxLength(12));
        return line.list().ofMaxSize(40).map(l -> String.join("\n", l));
    }

    /** An edit of an inventory: what to do, where, and with what. */
    record Mutation(int kind, int at, int other, String text, byte[] bytes) {}

    @Provide
    Arbitrary<byte[]> mutatedInventories() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(FRAGMENTS), Arbitraries.strings().withChars(CHARS).ofMaxLength(5),
                Arbitraries.strings().all().ofMaxLength(3));
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 100_000), text,
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6)).as(Mutation::new);
        return Combinators.combine(Arbitraries.of(SEEDS), mutation.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of("\n", "\r\n", "\r"), Arbitraries.of(false, false, false, true)).as(InventoryProperties::mutate);
    }

    static byte[] mutate(String seed, List<Mutation> mutations, String newline, boolean bom) {
        List<String> lines = new ArrayList<>(List.of(seed.split("\n", -1)));
        List<Mutation> byteMutations = new ArrayList<>();
        for (Mutation m : mutations) {
            int n = lines.size();
            int i = m.at() % Math.max(1, n);
            int j = m.other() % Math.max(1, n);
            switch (m.kind()) {
                case 0 -> { if (n > 0) lines.remove(i); }
                case 1 -> { if (n > 0) lines.add(j, lines.get(i)); }
                case 2 -> { if (n > 1) { String t = lines.get(i); lines.set(i, lines.get(j)); lines.set(j, t); } }
                case 3 -> {
                    if (n > 0) {
                        String l = lines.get(i);
                        int at = m.other() % (l.length() + 1);
                        lines.set(i, l.substring(0, at) + m.text() + l.substring(at));
                    }
                }
                case 4 -> { if (n > 0) lines.set(i, m.text()); }
                case 5 -> lines.add(Math.min(i, n), m.text());
                case 6 -> {
                    if (n > 0 && !lines.get(i).isEmpty()) {
                        String l = lines.get(i);
                        int from = m.other() % l.length();
                        lines.set(i, l.substring(0, from) + l.substring(Math.min(l.length(), from + 1 + m.text().length())));
                    }
                }
                default -> byteMutations.add(m);
            }
        }
        byte[] bytes = String.join(newline, lines).getBytes(StandardCharsets.UTF_8);
        for (Mutation m : byteMutations) bytes = mutateBytes(bytes, m);
        if (!bom) return bytes;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] mutateBytes(byte[] bytes, Mutation m) {
        if (bytes.length == 0) return m.bytes();
        int at = m.at() % bytes.length;
        switch (m.kind()) {
            case 7 -> { // overwrite
                byte[] out = bytes.clone();
                for (int k = 0; k < m.bytes().length && at + k < out.length; k++) out[at + k] = m.bytes()[k];
                return out;
            }
            case 8 -> { // insert
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, at);
                out.writeBytes(m.bytes());
                out.write(bytes, at, bytes.length - at);
                return out.toByteArray();
            }
            case 9 -> { // truncate
                return java.util.Arrays.copyOf(bytes, at);
            }
            default -> { // cut a multi-byte character in half, the usual way text turns into invalid UTF-8
                byte[] out = bytes.clone();
                out[at] = (byte) (0x80 | (m.bytes()[0] & 0x3F));
                return out;
            }
        }
    }

    private static String example() {
        try {
            return Files.readString(Path.of("inventory.example.ini"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- my_inventory reads back as the same setup ---------------------------------------

    private static final List<Component> ORDER = List.of(Component.values());

    @Property(tries = 500)
    void everyInventoryReadsBackFromMyInventory(@ForAll("inventories") Inventory inv) {
        String text = MyInventoryWriter.render(inv, Instant.EPOCH, "test", "install", "success", null);
        Inventory back = reparse(text);
        assertTrue(inv.sameSetup(back), () -> inv + "\n---\n" + text + "\n---\n" + back);
        assertEquals(inv.variables(), back.variables());
    }

    @Provide
    Arbitrary<Inventory> inventories() {
        Arbitrary<List<String>> names = Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-.")
                .ofMinLength(1).ofMaxLength(10).filter(s -> Character.isLetterOrDigit(s.charAt(0)))
                .list().ofSize(5).uniqueElements();
        Arbitrary<List<Integer>> addresses = Arbitraries.integers().between(1, (1 << 24) - 1).list().ofSize(5).uniqueElements();
        Arbitrary<List<Integer>> owners = Arbitraries.integers().between(0, 4).list().ofSize(5);
        Arbitrary<List<Integer>> ports = Arbitraries.integers().between(1, 65535).list().ofSize(5);
        Arbitrary<List<String>> users = Arbitraries.of("root", "admin", "ops_1", "deploy-er", "a.b").list().ofSize(5);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars("\t\u00e9\u20ac\u4e2d").ofMinLength(1).ofMaxLength(24);
        Arbitrary<List<String>> passwords = value.list().ofSize(6);
        Arbitrary<Map<String, String>> extras = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(10)
                        .filter(k -> Variable.ofKey(k).isEmpty() && !k.startsWith("ansible") && !k.endsWith("_ip") && !k.endsWith("_fqdn")),
                Arbitraries.oneOf(value, Arbitraries.just(""))).ofMaxSize(4);
        Arbitrary<String> zone = Arbitraries.of("UTC", "Europe/Madrid", "America/Argentina/Cordoba", "Asia/Kolkata");
        return Combinators.combine(names, addresses, owners, ports, users, passwords, extras, zone)
                .as(InventoryProperties::inventory);
    }

    private static Inventory inventory(List<String> names, List<Integer> addresses, List<Integer> owners, List<Integer> ports,
                                       List<String> users, List<String> passwords, Map<String, String> extras, String zone) {
        Map<Integer, Host> byIndex = new LinkedHashMap<>();
        Map<Component, Host> wiring = new EnumMap<>(Component.class);
        List<Host> hosts = new ArrayList<>();
        for (Component c : ORDER) {
            int i = owners.get(c.ordinal());
            Host h = byIndex.computeIfAbsent(i, k -> {
                int a = addresses.get(k);
                Host host = new Host(names.get(k), "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255), ports.get(k), users.get(k), 0);
                hosts.add(host);
                return host;
            });
            wiring.put(c, h);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("postgres_database", "omnileads");
        vars.put("postgres_user", "omnileads");
        vars.put("ami_user", "omnileadsami");
        vars.put("dialer_user", "demoadmin");
        vars.put("sup_ami_user", "omnisup");
        vars.put("TZ", zone);
        int p = 0;
        for (Variable v : Variable.values()) {
            if (!v.isPassword()) continue;
            String pw = passwords.get(p++);
            // Passwords written into Asterisk's files cannot have blanks at the ends: keep them inside.
            vars.put(v.key(), v.check(pw) == null ? pw : "[" + pw + "]");
        }
        vars.putAll(extras);
        for (Variable v : Variable.values()) v.defaultValue().ifPresent(d -> vars.putIfAbsent(v.key(), d));
        Wiring w = new Wiring(wiring);
        return new Inventory(Texts.FILE, hosts, w, vars, Topology.of(w));
    }
}
