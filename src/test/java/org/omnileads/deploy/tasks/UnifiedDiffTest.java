package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void equalTextsHaveNoDiff() {
        assertNull(UnifiedDiff.of("/f", b("a\n"), b("a\n")));
    }

    @Test
    void oneChangedLineWithContext() {
        assertEquals("""
                --- /etc/x
                +++ /etc/x
                @@ -2,5 +2,5 @@
                 2
                 3
                 4
                -5
                +five
                 6
                """, UnifiedDiff.of("/etc/x", b("1\n2\n3\n4\n5\n6\n"), b("1\n2\n3\n4\nfive\n6\n")));
    }

    @Test
    void distantChangesMakeTwoHunks() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String c = "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n";
        assertEquals("""
                --- f
                +++ f
                @@ -1,4 +1,4 @@
                -1
                +x
                 2
                 3
                 4
                @@ -9,4 +9,4 @@
                 9
                 10
                 11
                -12
                +y
                """, UnifiedDiff.of("f", b(a), b(c)));
    }

    @Test
    void creationRemovalAndMissingNewline() {
        assertEquals("--- /dev/null\n+++ /n\n@@ -0,0 +1,2 @@\n+a\n+b\n", UnifiedDiff.of("/n", null, b("a\nb\n")));
        assertEquals("--- /n\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n", UnifiedDiff.of("/n", b("a\n"), null));
        assertEquals("--- f\n+++ f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n", UnifiedDiff.of("f", b("a"), b("a\n")));
        assertEquals("--- /dev/null\n+++ /e\n", UnifiedDiff.of("/e", null, new byte[0]));
    }

    @Test
    void insertionIntoAnEmptyRangeNamesTheLineBefore() {
        assertEquals("--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n+new\n b\n", UnifiedDiff.of("f", b("a\nb\n"), b("a\nnew\nb\n")));
    }

    @Test
    void binaryContentIsNotShown() {
        assertEquals("Binary files /b and /b differ\n", UnifiedDiff.of("/b", new byte[] {0, 1}, new byte[] {0, 2}));
        assertEquals("Binary files /b and /b differ\n", UnifiedDiff.of("/b", b("text\n"), new byte[] {(byte) 0xff, (byte) 0xfe}));
    }

    /** Applying the diff to the old text gives the new one, and the edit is minimal for small inputs. */
    @Property(tries = 400)
    void patchingWithTheDiffGivesTheNewText(@ForAll @Size(max = 14) List<@IntRange(min = 0, max = 4) Integer> a,
                                           @ForAll @Size(max = 14) List<@IntRange(min = 0, max = 4) Integer> c,
                                           @ForAll boolean newlineA, @ForAll boolean newlineC) {
        String before = text(a, newlineA);
        String after = text(c, newlineC);
        String diff = UnifiedDiff.of("f", "f", before, after);
        if (before.equals(after)) {
            assertNull(diff);
            return;
        }
        assertEquals(after, patch(before, diff));
    }

    static String text(List<Integer> lines, boolean finalNewline) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            s.append("l").append(lines.get(i));
            if (i < lines.size() - 1 || finalNewline) s.append('\n');
        }
        return s.toString();
    }

    /** A small patch(1) for the test: applies the hunks in order, checking context and removed lines. */
    static String patch(String before, String diff) {
        List<UnifiedDiff.Line> src = UnifiedDiff.lines(before);
        List<UnifiedDiff.Line> out = new ArrayList<>();
        String[] d = diff.split("\n", -1);
        int pos = 0;
        int i = 2;
        while (i < d.length && !d[i].isEmpty()) {
            String h = d[i++];
            if (!h.startsWith("@@ -")) throw new AssertionError("bad hunk header " + h);
            String range = h.substring(4, h.indexOf(' ', 4));
            int start = Integer.parseInt(range.split(",")[0]);
            int count = range.contains(",") ? Integer.parseInt(range.split(",")[1]) : 1;
            int from = count == 0 ? start : start - 1;
            while (pos < from) out.add(src.get(pos++));
            while (i < d.length && !d[i].isEmpty() && !d[i].startsWith("@@")) {
                String l = d[i++];
                boolean noNewline = i < d.length && d[i].startsWith("\\ No newline");
                if (noNewline) i++;
                UnifiedDiff.Line line = new UnifiedDiff.Line(l.substring(1), !noNewline);
                switch (l.charAt(0)) {
                    case ' ' -> {
                        assertEquals(src.get(pos), line, "context");
                        out.add(src.get(pos++));
                    }
                    case '-' -> assertEquals(src.get(pos++), line, "removed line");
                    case '+' -> out.add(line);
                    default -> throw new AssertionError("bad line " + l);
                }
            }
        }
        while (pos < src.size()) out.add(src.get(pos++));
        StringBuilder s = new StringBuilder();
        for (UnifiedDiff.Line l : out) s.append(l.text()).append(l.newline() ? "\n" : "");
        return s.toString();
    }
}
