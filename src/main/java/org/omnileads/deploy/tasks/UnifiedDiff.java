package org.omnileads.deploy.tasks;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff in unified format ({@code ---}/{@code +++} headers, {@code @@} hunks with three
 * lines of context), from a Myers shortest edit script. Written here rather than taken from a
 * library: it is small, and diffs of config files are all it needs.
 */
public final class UnifiedDiff {
    /** Past this many differing lines the edit search stops and the change is shown as a whole replacement. */
    private static final int MAX_EDIT_DISTANCE = 4000;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    /** One line and whether a newline ended it (only the last line of a file may lack one). */
    record Line(String text, boolean newline) {}

    enum Op { KEEP, DELETE, INSERT }

    /** One entry of the edit script; {@code a}/{@code b} are 0-based indexes into the old/new lines. */
    record Edit(Op op, int a, int b) {}

    /**
     * The diff between what is on the host and what is wanted, or null when they are equal.
     *
     * @param label  the file name shown in the headers
     * @param before the current content, or null when the file does not exist
     * @param after  the wanted content, or null when the file is to be removed
     */
    public static String of(String label, byte[] before, byte[] after) {
        byte[] a = before == null ? new byte[0] : before;
        byte[] b = after == null ? new byte[0] : after;
        if (java.util.Arrays.equals(a, b) && (before == null) == (after == null)) return null;
        String oldName = before == null ? "/dev/null" : label;
        String newName = after == null ? "/dev/null" : label;
        String ta = text(a);
        String tb = text(b);
        if (ta == null || tb == null) return "Binary files " + oldName + " and " + newName + " differ\n";
        // An empty file created or removed: the headers alone say so.
        if (ta.equals(tb)) return "--- " + oldName + "\n+++ " + newName + "\n";
        return of(oldName, newName, ta, tb);
    }

    /** The diff of two texts, or null when equal. */
    public static String of(String oldName, String newName, String before, String after) {
        if (before.equals(after)) return null;
        List<Line> a = lines(before);
        List<Line> b = lines(after);
        List<Edit> script = editScript(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n');
        out.append("+++ ").append(newName).append('\n');
        appendHunks(out, script, a, b);
        return out.toString();
    }

    /** Decoded UTF-8 text, or null for binary content (NUL bytes or invalid UTF-8). */
    static String text(byte[] bytes) {
        for (byte x : bytes) if (x == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static List<Line> lines(String s) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                out.add(new Line(s.substring(start), false));
                break;
            }
            out.add(new Line(s.substring(start, nl), true));
            start = nl + 1;
        }
        return out;
    }

    /** The shortest edit script turning {@code a} into {@code b}, in order. */
    static List<Edit> editScript(List<Line> a, List<Line> b) {
        int n = a.size();
        int m = b.size();
        // Common head and tail cost nothing and shrink the search.
        int head = 0;
        while (head < n && head < m && a.get(head).equals(b.get(head))) head++;
        int tail = 0;
        while (tail < n - head && tail < m - head && a.get(n - 1 - tail).equals(b.get(m - 1 - tail))) tail++;
        List<Edit> out = new ArrayList<>();
        for (int i = 0; i < head; i++) out.add(new Edit(Op.KEEP, i, i));
        List<Edit> middle = myers(a.subList(head, n - tail), b.subList(head, m - tail));
        for (Edit e : middle) out.add(new Edit(e.op(), e.a() + head, e.b() + head));
        for (int i = tail; i > 0; i--) out.add(new Edit(Op.KEEP, n - i, m - i));
        return out;
    }

    private static List<Edit> myers(List<Line> a, List<Line> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        List<Edit> out = new ArrayList<>();
        if (max == 0) return out;
        int limit = Math.min(max, MAX_EDIT_DISTANCE);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= limit && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    x = v[offset + k + 1];
                } else {
                    x = v[offset + k - 1] + 1;
                }
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        if (found < 0) {
            // Too different to search: show it as everything removed, then everything added.
            for (int i = 0; i < n; i++) out.add(new Edit(Op.DELETE, i, 0));
            for (int j = 0; j < m; j++) out.add(new Edit(Op.INSERT, n, j));
            return out;
        }
        int x = n;
        int y = m;
        List<Edit> reversed = new ArrayList<>();
        for (int d = found; d >= 0; d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK;
            if (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1])) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = d == 0 ? 0 : vd[offset + prevK];
            int prevY = d == 0 ? 0 : prevX - prevK;
            while (x > prevX && y > prevY) {
                reversed.add(new Edit(Op.KEEP, x - 1, y - 1));
                x--;
                y--;
            }
            if (d > 0) {
                if (x == prevX) {
                    reversed.add(new Edit(Op.INSERT, x, y - 1));
                } else {
                    reversed.add(new Edit(Op.DELETE, x - 1, y));
                }
            }
            x = prevX;
            y = prevY;
        }
        for (int i = reversed.size() - 1; i >= 0; i--) out.add(reversed.get(i));
        return out;
    }

    private static void appendHunks(StringBuilder out, List<Edit> script, List<Line> a, List<Line> b) {
        int i = 0;
        int size = script.size();
        while (i < size) {
            if (script.get(i).op() == Op.KEEP) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int lastChange = i;
            int j = i;
            while (j < size) {
                if (script.get(j).op() != Op.KEEP) {
                    lastChange = j;
                } else if (j - lastChange > 2 * CONTEXT) {
                    break;
                }
                j++;
            }
            int end = Math.min(size, lastChange + CONTEXT + 1);
            appendHunk(out, script.subList(start, end), a, b);
            i = end;
        }
    }

    private static void appendHunk(StringBuilder out, List<Edit> hunk, List<Line> a, List<Line> b) {
        int aCount = 0;
        int bCount = 0;
        for (Edit e : hunk) {
            if (e.op() != Op.INSERT) aCount++;
            if (e.op() != Op.DELETE) bCount++;
        }
        Edit first = hunk.get(0);
        // An empty range names the line before it, as diff(1) does.
        int aStart = aCount == 0 ? first.a() : first.a() + 1;
        int bStart = bCount == 0 ? first.b() : first.b() + 1;
        out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
        for (Edit e : hunk) {
            Line line = switch (e.op()) {
                case KEEP, DELETE -> a.get(e.a());
                case INSERT -> b.get(e.b());
            };
            char sign = switch (e.op()) {
                case KEEP -> ' ';
                case DELETE -> '-';
                case INSERT -> '+';
            };
            out.append(sign).append(line.text()).append('\n');
            if (!line.newline()) out.append("\\ No newline at end of file\n");
        }
    }

    private static String range(int start, int count) {
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }
}
