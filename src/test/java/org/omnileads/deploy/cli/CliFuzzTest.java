package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Drives {@code deploy} in this JVM with random combinations of options and random files as
 * inventories, password files, releases...: whatever it is given, it ends (no hang), prints no
 * stack trace, and exits with a documented code. Bounded: 150 tries, each stopped after 60 s.
 * It never logs in to anything: the valid inventories it uses name 127.0.0.1 and 127.0.0.2 on
 * port 1, where nothing listens (the connection is refused at once); the commands that start
 * containers, processes or write into the working folder (lab, demo, sessions, inventory init,
 * --keep-sessions) are not in the mix.
 */
class CliFuzzTest {
    private static Path dir;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cli-fuzz");
        t.setDaemon(true);
        return t;
    });

    @BeforeContainer
    static void files() throws Exception {
        dir = Files.createTempDirectory("oml-cli-fuzz");
        BadInputTest.prepare(dir);
        Files.writeString(dir.resolve("good-inventory"), HostileValues.refusingInventory());
        Files.writeString(dir.resolve("pw-all"), "omlapp=Zr7-strong-root\nomlvoip=Zr7-strong-root\n");
        Files.setPosixFilePermissions(dir.resolve("pw-all"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("hosts.ini"), "[targets]\nn1 ansible_host=127.0.0.1 ansible_port=1\n");
        Files.writeString(dir.resolve("kh"), "");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        POOL.shutdownNow();
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Provide
    Arbitrary<Path> paths() {
        Arbitrary<Path> named = Arbitraries.of("inventory", "good-inventory", "empty", "text", "empty-dir", "roles", "fifo", "huge",
                "pw-one", "pw-open", "pw-all", "evil.tar", "hosts.ini", "kh", "no-such-file").map(dir::resolve);
        Arbitrary<Path> special = Arbitraries.of(Path.of("/dev/zero"), Path.of("/dev/null"), Path.of(""), Path.of("."),
                Path.of("fixtures/omnileads-release-1"), Path.of("fixtures/wombat-standin"));
        Arbitrary<Path> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).map(CliFuzzTest::randomFile);
        Arbitrary<Path> mutated = Arbitraries.integers().between(0, 10_000).list().ofMaxSize(6).map(CliFuzzTest::mutatedInventory);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, named), net.jqwik.api.Tuple.of(2, special),
                net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(2, mutated));
    }

    private static Path randomFile(byte[] bytes) { return tempFile("random", bytes); }

    /** A new file in the test's folder holding {@code bytes}. */
    private static Path tempFile(String prefix, byte[] bytes) {
        try {
            Path f = Files.createTempFile(dir, prefix, "");
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The refusing inventory with characters deleted, doubled or replaced at random places. */
    private static Path mutatedInventory(List<Integer> edits) {
        StringBuilder s = new StringBuilder(HostileValues.refusingInventory());
        for (int e : edits) {
            int at = e % s.length();
            switch (e % 3) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, s.charAt(at));
                default -> s.setCharAt(at, "=[]\n \"'#;:\u001b\u0000é".charAt(e % 13));
            }
        }
        return tempFile("mutated", s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<Path> p = paths();
        Arbitrary<List<String>> action = Arbitraries.of(
                List.of("-i", "-a"), List.of("-i"), List.of("-u"), List.of("-cnet"), List.of("-cp"), List.of("--resume"), List.of(),
                List.of("-i", "-u"), List.of("preflight"), List.of("inventory", "check"), List.of("inventory", "show"),
                List.of("completion"), List.of("--help"), List.of("--version"), List.of("apply"), List.of("prefligth"));
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("omlapp", "omlvoip", "nobody", "", ",", "a,,b", "-1", "0", "3",
                "auto", "never", "always", "sometimes", "\u001b[2J", "--", "-", "a\u0000b"), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<List<String>> option = Arbitraries.oneOf(
                p.map(f -> List.of("-I", f.toString())),
                p.map(f -> List.of("--release", f.toString())),
                p.map(f -> List.of("--wombat", f.toString())),
                p.map(f -> List.of("--known-hosts", f.toString())),
                p.map(f -> List.of("--password-file", f.toString())),
                p.map(f -> List.of("--roles", f.toString())),
                p.map(f -> List.of("--hosts", f.toString())),
                p.map(f -> List.of(f.toString())),
                word.map(w -> List.of("--limit", w)),
                word.map(w -> List.of("--tags", w)),
                word.map(w -> List.of("--color", w)),
                Arbitraries.integers().between(-3, 12).map(n -> List.of("--forks", Integer.toString(n))),
                Arbitraries.of(List.of("--json"), List.of("--check"), List.of("--diff"), List.of("-v"), List.of("--lab"),
                        List.of("--accept-new-host-keys"), List.of("--allow-weak-passwords"), List.of("-k"), List.of("--database"),
                        List.of("--same-password"), List.of("--copy-id"), List.of("-a")),
                word.map(List::of));
        return Combinators.combine(action, option.list().ofMaxSize(7)).as((a, opts) -> {
            List<String> all = new ArrayList<>(a);
            opts.forEach(all::addAll);
            // Validation or the refused connection must end every run: the inventory is never the working folder's.
            if (!all.contains("-I") && !a.contains("apply")) all.addAll(List.of("-I", dir.resolve("good-inventory").toString()));
            return all;
        });
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void anyCommandLineEndsWithADocumentedCodeAndNoTrace(@ForAll("commandLines") List<String> args) throws Exception {
        Future<CliRunner.Outcome> f = POOL.submit(() -> CliRunner.run(args.toArray(String[]::new)));
        CliRunner.Outcome o;
        try {
            o = f.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no end after 60 s: " + args);
        }
        net.jqwik.api.statistics.Statistics.collect("exit " + o.exit());
        assertTrue(ExitCode.ALL.contains(o.exit()), "exit " + o.exit() + " is not documented: " + args + "\n" + o.err());
        assertFalse(o.exit() == ExitCode.INTERNAL, "an internal error: " + args + "\n" + o.err());
        BadInputTest.assertNoTrace(o);
        assertFalse(o.err().contains("\u001b") || (o.out().contains("\u001b") && !args.contains("--color")),
                "no escape reaches the terminal: " + args);
    }
}
