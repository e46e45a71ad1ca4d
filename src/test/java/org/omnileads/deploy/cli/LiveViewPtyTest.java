package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnileads.deploy.ssh.Shell;

/**
 * The live view in a real pseudo-terminal ({@code script} from util-linux, {@code stty cols N}):
 * its width comes from the terminal (no {@code $COLUMNS} is exported), no line of the live block
 * or the recap is wider than the terminal, nothing a host or an inventory says reaches the
 * terminal as a control sequence, {@code NO_COLOR} and {@code --color} are honoured, and a pipe
 * gets plain lines.
 */
class LiveViewPtyTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("COLUMNS");
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo ends");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static List<String> demo(String colors) {
        return List.of(JAVA, "-cp", System.getProperty("java.class.path"), LiveViewDemo.class.getName(), colors);
    }

    /** The demo in a pseudo-terminal {@code cols} wide. */
    private static String inPty(int cols, String colors, Map<String, String> env) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is needed");
        String inner = "stty cols " + cols + " rows 40; exec " + String.join(" ", demo(colors).stream().map(Shell::quote).toList());
        return run(List.of("script", "-q", "-e", "-c", inner, "/dev/null"), env);
    }

    /** What a terminal shows of each line: the text after the last carriage return, without CSI sequences. */
    private static List<String> visibleLines(String raw) {
        List<String> out = new ArrayList<>();
        for (String line : raw.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            int cr = l.lastIndexOf('\r');
            if (cr >= 0) l = l.substring(cr + 1);
            out.add(l.replaceAll("\u001b\\[[0-9;?]*[ -/]*[@-~]", ""));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 200})
    void theLiveViewFitsTheTerminalItRunsIn(int cols) throws Exception {
        String raw = inPty(cols, "auto", Map.of());
        assertTrue(raw.matches("(?s).*\u001b\\[\\d+A\r\u001b\\[J.*"), "a terminal gets the live block (cursor up, clear):\n" + raw);
        List<String> lines = visibleLines(raw);
        List<String> block = lines.stream().filter(l -> l.startsWith(" omlapp-primary") || l.startsWith(" db1 ")).toList();
        assertFalse(block.isEmpty(), raw);
        for (String l : block) assertTrue(l.length() < cols, "a live line is narrower than the terminal (" + cols + "): " + l.length() + " «" + l + "»");
        int recap = lines.indexOf(lines.stream().filter(l -> l.startsWith("HOST ")).findFirst().orElseThrow(() -> new AssertionError(raw)));
        for (String l : lines.subList(recap, recap + 3)) assertTrue(l.length() <= cols, "recap line within " + cols + ": «" + l + "»");
        if (cols >= 200) {
            assertTrue(lines.get(recap).contains("ROUND TRIPS"), lines.get(recap));
            assertTrue(block.stream().anyMatch(l -> l.contains(LiveViewDemo.LONG_TASK)), "200 columns show the whole task:\n" + String.join("\n", block));
        } else {
            assertTrue(lines.get(recap).matches("HOST +OK +CHG +FAIL +SKIP +UNRCH +TIME +RT"), lines.get(recap));
            assertTrue(block.stream().anyMatch(l -> l.endsWith("…")), "clipped to the terminal:\n" + String.join("\n", block));
        }
        assertHarmless(raw);
        assertTrue(raw.contains("\u001b[33mchanged\u001b[0m"), "colours on a terminal by default");
    }

    /** Only the view's own sequences reach the terminal: no title (OSC), no bell, no clear screen from a value. */
    private static void assertHarmless(String raw) {
        assertFalse(raw.contains("\u001b]"), "no OSC sequence: " + raw);
        assertFalse(raw.contains("\u0007"), "no bell");
        assertFalse(raw.contains("\u001b[2J"), "no clear screen");
        assertFalse(raw.contains("\u001b[31mred"), "a value's colour is not passed on");
        assertTrue(raw.contains("\\e]0;pwned\\x07"), "the hostile value is shown, escaped: " + raw);
    }

    @Test
    void noColorAndColorNeverTurnColoursOffOnATerminal() throws Exception {
        for (String raw : List.of(inPty(80, "auto", Map.of("NO_COLOR", "1")), inPty(80, "never", Map.of()))) {
            assertFalse(raw.matches("(?s).*\u001b\\[3\\dm.*"), "no colour: " + raw);
            assertTrue(raw.contains("\u001b[J"), "still the live block");
            assertHarmless(raw);
        }
    }

    @Test
    void aPipeGetsPlainLinesAndColorAlwaysColoursThem() throws Exception {
        String plain = run(demo("auto"), Map.of());
        assertFalse(plain.contains("\u001b"), "no escape at all in a pipe: " + plain);
        assertTrue(plain.contains("ROUND TRIPS"), plain);
        String always = run(demo("always"), Map.of());
        assertTrue(always.contains("\u001b[33mchanged\u001b[0m"), always);
        assertFalse(always.contains("\u001b[J"), "colours, but plain lines: " + always);
    }
}
