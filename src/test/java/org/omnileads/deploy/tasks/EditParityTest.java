package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The Java edit that plans line and block tasks must predict exactly what awk does at apply
 * time: random files, lines and patterns, the real step run by sh and mawk on this machine.
 */
class EditParityTest {
    static Path dir;

    @BeforeContainer
    static void folder() throws Exception { dir = Files.createTempDirectory("oml-edit"); }

    @AfterContainer
    static void clean() throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> line = Arbitraries.of("a=1", "a = 2", "b=1", "# c", "", "  a=3", "x.y", "1", "1.0", "é=ü", "tab\tx", "\\n");
        return line.list().ofMaxSize(7).flatMap(ls -> Arbitraries.of(true, false).map(nl -> {
            String s = String.join("\n", ls);
            return ls.isEmpty() ? "" : nl ? s + "\n" : s;
        }));
    }

    @Provide
    Arbitrary<String> lines() { return Arbitraries.of("a=1", "a=9", "1", "1.0", "# c", "é=ü", "x.y", "\\n", ""); }

    @Provide
    Arbitrary<String> patterns() { return Arbitraries.of("^a[[:space:]]*=", "^a=", "1", "^#", "x.y", "^$", "é", "NONE"); }

    private String onDisk(Task t, String content) throws Exception {
        Path f = Files.createTempFile(dir, "f", ".txt");
        Files.writeString(f, content, java.nio.charset.StandardCharsets.UTF_8);
        String step = t instanceof LineTask l ? l.step() : ((BlockTask) t).step();
        String p = f.toString();
        String script = step.replace("oml_t=" + "/tmp/oml-edit-target", "oml_t=" + p);
        LocalShell.Result r = LocalShell.run(script);
        if (r.status() != 0 && r.status() != 99) throw new AssertionError("step failed: " + r.output());
        return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private String predicted(Task t, String content) {
        String latin = EditedFile.latin1(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return t instanceof LineTask l ? l.edit(latin) : ((BlockTask) t).edit(latin);
    }

    @Property(tries = 120)
    void linePresent(@ForAll("files") String content, @ForAll("lines") String line, @ForAll("patterns") String re, @ForAll boolean useRegexp)
            throws Exception {
        Task t = useRegexp
                ? Tasks.of("line", "path", "/tmp/oml-edit-target", "line", line, "regexp", re)
                : Tasks.of("line", "path", "/tmp/oml-edit-target", "line", line);
        assertEquals(predicted(t, content), onDisk(t, content));
    }

    @Property(tries = 80)
    void lineAbsent(@ForAll("files") String content, @ForAll("lines") String line, @ForAll("patterns") String re, @ForAll boolean useRegexp)
            throws Exception {
        Task t = useRegexp
                ? Tasks.of("line", "path", "/tmp/oml-edit-target", "regexp", re, "state", "absent")
                : Tasks.of("line", "path", "/tmp/oml-edit-target", "line", line, "state", "absent");
        assertEquals(predicted(t, content), onDisk(t, content));
    }

    @Property(tries = 80)
    void block(@ForAll("files") String content, @ForAll("files") String block, @ForAll boolean absent) throws Exception {
        Task first = Tasks.of("block", "path", "/tmp/oml-edit-target", "block", "first\nblock");
        String withBlock = EditedFile.latin1(predicted(first, content).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String start = new String(EditedFile.bytes(withBlock), java.nio.charset.StandardCharsets.UTF_8);
        Task t = Tasks.of("block", "path", "/tmp/oml-edit-target", "block", block, "state", absent ? "absent" : "present");
        for (String c : List.of(content, start)) assertEquals(predicted(t, c), onDisk(t, c));
    }
}
