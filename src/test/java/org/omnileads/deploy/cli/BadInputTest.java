package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of docs/bad-input.md: each bad input is refused before any login with the
 * option, the value and what to do, exit 2, and no host contacted (the inventory's addresses are
 * TEST-NET ones nothing answers on, and no known_hosts file or my_inventory appears). A last
 * test checks that the table and this list name the same rows.
 */
class BadInputTest {
    @TempDir Path dir;

    /** A row: the case's id in docs/bad-input.md, the arguments (made in {@link #dir}) and what standard error must say. */
    private record Row(String id, Function<Path, List<String>> args, int exit, String... says) {}

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    private static void row(String id, Function<Path, List<String>> args, String... says) {
        ROWS.put(id, new Row(id, args, ExitCode.USAGE, says));
    }

    /** {@code -i -a -I DIR/inventory} and more. */
    private static List<String> install(Path d, String... more) {
        List<String> a = new ArrayList<>(List.of("-i", "-a", "-I", d.resolve("inventory").toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static String p(Path d, String name) { return d.resolve(name).toString(); }

    static {
        row("limit-unknown", d -> install(d, "--limit", "omlap"), "error: --limit 'omlap': names no host of the inventory",
                "(did you mean omlapp?)", "what to do: choose from: omlapp, omlvoip");
        row("limit-empty", d -> install(d, "--limit", ""), "error: --limit '': an empty list or an empty name in it");
        row("tags-unknown", d -> install(d, "--tags", "nosuch"), "error: --tags 'nosuch': no task of the roles carries this tag");
        row("tags-empty", d -> install(d, "--tags", "a,,b"), "error: --tags 'a,,b': an empty list or an empty name in it");
        row("roles-missing", d -> install(d, "--roles", p(d, "no-roles")), "error: --roles '" + "DIR/no-roles': does not exist");
        row("roles-file", d -> install(d, "--roles", p(d, "inventory")), "error: --roles 'DIR/inventory': is not a directory");
        row("roles-no-site", d -> install(d, "--roles", p(d, "empty-dir")), "error: --roles 'DIR/empty-dir': has no site.yaml");
        row("roles-huge-file", d -> install(d, "--roles", p(d, "roles-big")), "DIR/roles-big: cannot read: DIR/roles-big/files/big: is 2147483648 bytes",
                "the roles have 1 problem(s); no host was touched");
        row("forks-zero", d -> install(d, "--forks", "0"), "error: --forks '0': must be 1 or more");
        row("forks-negative", d -> install(d, "--forks", "-4"), "error: --forks '-4': must be 1 or more");
        row("release-missing", d -> install(d, "--release", p(d, "nothing.tar.gz")), "error: --release 'DIR/nothing.tar.gz': it does not exist");
        row("release-empty-path", d -> install(d, "--release", ""), "error: --release '': an empty path");
        row("release-empty-file", d -> install(d, "--release", p(d, "empty")), "error: --release 'DIR/empty': it is empty");
        row("release-empty-dir", d -> install(d, "--release", p(d, "empty-dir")), "error: --release 'DIR/empty-dir': it is an empty directory");
        row("release-not-archive", d -> install(d, "--release", p(d, "text")), "error: --release 'DIR/text': it is not a tar archive");
        row("release-device", d -> install(d, "--release", "/dev/zero"), "error: --release '/dev/zero': it is not a regular file");
        row("release-fifo", d -> install(d, "--release", p(d, "fifo")), "error: --release 'DIR/fifo': it is not a regular file");
        row("release-working-dir", d -> install(d, "--release", "."), "error: --release '.': is the working directory");
        row("release-holds-inventory", d -> install(d, "--release", d.toString()), "error: --release 'DIR': holds DIR/inventory: it would be packed and uploaded to a host");
        row("wombat-holds-password-file", d -> install(d, "--wombat", p(d, "secrets"), "--password-file", p(d, "secrets/pw")),
                "error: --wombat 'DIR/secrets': holds DIR/secrets/pw: it would be packed and uploaded to a host");
        row("release-escapes", d -> install(d, "--release", p(d, "evil.tar")), "error: --release 'DIR/evil.tar': member '/etc/evil' has an absolute path");
        row("wombat-missing", d -> install(d, "--wombat", p(d, "nothing.war")), "error: --wombat 'DIR/nothing.war': does not exist");
        row("wombat-empty", d -> install(d, "--wombat", p(d, "empty")), "error: --wombat 'DIR/empty': is empty");
        row("wombat-not-archive", d -> install(d, "--wombat", p(d, "text")), "error: --wombat 'DIR/text': is not a web archive");
        row("wombat-empty-dir", d -> install(d, "--wombat", p(d, "empty-dir")), "error: --wombat 'DIR/empty-dir': is an empty directory");
        row("wombat-device", d -> install(d, "--wombat", "/dev/zero"), "error: --wombat '/dev/zero': is not a regular file");
        row("known-hosts-missing", d -> install(d, "--known-hosts", p(d, "kh")), "error: --known-hosts 'DIR/kh': does not exist: no host key could be verified",
                "add --accept-new-host-keys");
        row("known-hosts-empty", d -> install(d, "--known-hosts", p(d, "empty")), "error: --known-hosts 'DIR/empty': is empty: no host key could be verified");
        row("known-hosts-directory", d -> install(d, "--known-hosts", p(d, "empty-dir"), "--accept-new-host-keys"),
                "error: --known-hosts 'DIR/empty-dir': is a directory; a file is needed here");
        row("known-hosts-no-directory", d -> install(d, "--known-hosts", p(d, "no/such/kh"), "--accept-new-host-keys"),
                "error: --known-hosts 'DIR/no/such/kh': does not exist, nor does its directory");
        row("known-hosts-device", d -> install(d, "--known-hosts", "/dev/zero"), "error: --known-hosts '/dev/zero': is not a regular file");
        row("password-file-lacks-host", d -> install(d, "--password-file", p(d, "pw-one")), "error: --password-file 'DIR/pw-one': has no password for omlvoip",
                "what to do: add a line NAME=PASSWORD for it");
        row("password-file-mode", d -> install(d, "--password-file", p(d, "pw-open")), "lets others read or run the passwords; allow only its owner: chmod 600");
        row("password-file-fifo", d -> install(d, "--password-file", p(d, "fifo")), "error: --password-file 'DIR/fifo': DIR/fifo: is not a regular file");
        row("password-file-huge", d -> install(d, "--password-file", p(d, "huge")), "error: --password-file 'DIR/huge': DIR/huge: is 2147483648 bytes");
        row("resume-nothing", d -> List.of("--resume", "-I", p(d, "inventory")), "error: --resume: no run to resume in DIR/.deploy/runs",
                "what to do: run the action itself");
        row("inventory-device", d -> List.of("-i", "-a", "-I", "/dev/zero"), "the inventory is not a regular file");
        row("inventory-fifo", d -> List.of("-i", "-a", "-I", p(d, "fifo")), "the inventory is not a regular file");
        row("inventory-huge", d -> List.of("-i", "-a", "-I", p(d, "huge")), "the file is 2147483648 bytes; an inventory is at most 1048576 bytes");
        row("inventory-directory", d -> List.of("-i", "-a", "-I", p(d, "empty-dir")), "is a directory");
        row("hosts-file-fifo", d -> List.of("apply", "--hosts", p(d, "fifo"), "--roles", p(d, "roles")), "error: --hosts DIR/fifo: is not a regular file");
        row("preflight-limit-unknown", d -> List.of("preflight", "-I", p(d, "inventory"), "--limit", "nobody"), "error: --limit 'nobody': names no host");
        row("unknown-option", d -> install(d, "--forcks", "3"), "error: Unknown options: '--forcks', '3'", "Possible solutions: --forks");
        row("unknown-subcommand", d -> List.of("prefligth"), "Did you mean: deploy preflight?");
        row("path-with-nul", d -> install(d, "--release", "a\u0000b"), "error: Invalid value for option '--release': 'a\\x00b' is not a path: Nul character not allowed");
        row("no-action", d -> List.of("-I", p(d, "inventory")), "error: no action given");
        row("two-actions", d -> List.of("-i", "-u", "-I", p(d, "inventory")), "error: choose one action");
    }

    /** The files the rows name, in {@code d}. */
    static void prepare(Path d) throws Exception {
        Files.writeString(d.resolve("inventory"), HostileValues.inventory("192.0.2.10", "192.0.2.11"));
        Files.writeString(d.resolve("empty"), "");
        Files.writeString(d.resolve("text"), "this is not an archive\n".repeat(40));
        Files.createDirectories(d.resolve("empty-dir"));
        Files.createDirectories(d.resolve("roles"));
        Files.writeString(d.resolve("roles/site.yaml"), "[]\n");
        Process mk = new ProcessBuilder("mkfifo", d.resolve("fifo").toString()).start();
        assertEquals(0, mk.waitFor());
        try (RandomAccessFile f = new RandomAccessFile(d.resolve("huge").toFile(), "rw")) {
            f.setLength(1L << 31); // sparse: 2 GiB that take no disk
        }
        Files.setPosixFilePermissions(d.resolve("huge"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(d.resolve("roles-big/files"));
        Files.writeString(d.resolve("roles-big/site.yaml"), "[]\n");
        try (RandomAccessFile f = new RandomAccessFile(d.resolve("roles-big/files/big").toFile(), "rw")) {
            f.setLength(1L << 31);
        }
        password(d, "pw-one", "omlapp=Zr7-strong-root\n", "rw-------");
        Files.createDirectories(d.resolve("secrets"));
        password(d, "secrets/pw", "omlapp=Zr7-strong-root\nomlvoip=Zr7-strong-root\n", "rw-------");
        password(d, "pw-open", "omlapp=Zr7-strong-root\nomlvoip=Zr7-strong-root\n", "rw-r--r--");
        // a tar whose one member has an absolute path, as a hostile release could hold
        byte[] header = new byte[512];
        byte[] name = "/etc/evil".getBytes();
        System.arraycopy(name, 0, header, 0, name.length);
        put(header, 100, "0000644");
        put(header, 124, "00000000000");
        header[156] = '0';
        put(header, 257, "ustar");
        header[263] = '0';
        header[264] = '0';
        for (int i = 148; i < 156; i++) header[i] = ' ';
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        byte[] tar = new byte[512 * 4];
        System.arraycopy(header, 0, tar, 0, 512);
        Files.write(d.resolve("evil.tar"), tar);
    }

    private static void put(byte[] h, int off, String s) { System.arraycopy(s.getBytes(), 0, h, off, s.length()); }

    private static void password(Path d, String name, String text, String mode) throws IOException {
        Files.writeString(d.resolve(name), text);
        Files.setPosixFilePermissions(d.resolve(name), PosixFilePermissions.fromString(mode));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedBeforeAnyLogin() throws Exception {
        prepare(dir);
        return ROWS.values().stream().map(r -> DynamicTest.dynamicTest(r.id(), () -> {
            CliRunner.Outcome o = CliRunner.run(r.args().apply(dir).toArray(String[]::new));
            String err = o.err().replace(dir.toString(), "DIR");
            assertEquals(r.exit(), o.exit(), err);
            for (String s : r.says()) assertTrue(err.contains(s), "expected «" + s + "» in:\n" + err);
            assertNoTrace(o);
            assertFalse(Files.exists(dir.resolve("my_inventory")), "no run was recorded");
            assertFalse(Files.exists(dir.resolve(".deploy/runs")), "no run was started");
        }));
    }

    static void assertNoTrace(CliRunner.Outcome o) {
        for (String s : List.of(o.out(), o.err())) {
            assertFalse(s.contains("\tat ") || s.contains("Exception:") || s.contains("Exception\n"), "no stack trace or exception name:\n" + s);
        }
    }

    @Test
    void docsBadInputListsExactlyTheseRows() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(Files.readString(Path.of("docs/bad-input.md")));
        while (m.find()) documented.add(m.group(1));
        assertEquals(new TreeSet<>(ROWS.keySet()), documented, "docs/bad-input.md and BadInputTest must list the same cases");
    }
}
