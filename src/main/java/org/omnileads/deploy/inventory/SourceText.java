package org.omnileads.deploy.inventory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of an inventory file, decoded strictly as UTF-8. Lines end at LF, CRLF or a lone CR
 * (as Python's universal newlines, which Ansible used); a leading byte-order mark is skipped.
 * A line with bad bytes or control characters is reported and still kept (bad bytes become
 * U+FFFD) so one stray byte does not also cause "missing variable" errors further on.
 */
record SourceText(List<Line> lines, List<InventoryProblem> problems) {

    /** One line of text and its 1-based number. */
    record Line(int number, String text) {}

    static SourceText decode(Path file, byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        List<InventoryProblem> problems = new ArrayList<>();
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') end++;
            number++;
            lines.add(new Line(number, decodeLine(file, number, bytes, start, end, problems)));
            if (end < bytes.length && bytes[end] == '\r' && end + 1 < bytes.length && bytes[end + 1] == '\n') end++;
            start = end + 1;
        }
        return new SourceText(List.copyOf(lines), List.copyOf(problems));
    }

    private static String decodeLine(Path file, int number, byte[] bytes, int from, int to, List<InventoryProblem> problems) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        CoderResult result = strict.decode(in, out, true);
        if (result.isUnderflow()) result = strict.flush(out);
        String text;
        if (result.isError()) {
            int column = in.position() - from + 1;
            problems.add(new InventoryProblem(file, number,
                    String.format("line is not valid UTF-8 text (byte 0x%02X at column %d)", bytes[in.position()] & 0xFF, column),
                    "save the inventory as UTF-8 text; it must not contain binary data"));
            text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        } else {
            text = out.flip().toString();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c == 0xFEFF) {
                problems.add(new InventoryProblem(file, number,
                        String.format("line has a control character U+%04X at column %d", (int) c, i + 1),
                        c == 0xFEFF ? "remove the stray byte-order mark (an invisible character, often from pasting)"
                                : "remove it; editors often do not show it (try `cat -A` to see it)"));
                break;
            }
        }
        return text;
    }
}
