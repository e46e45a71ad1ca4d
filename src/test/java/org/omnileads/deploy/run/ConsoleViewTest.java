package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.cli.ConsoleView;

/** The terminal view (in cli/, tested here where the events are made). */
class ConsoleViewTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2025-06-14T12:00:00Z"), ZoneOffset.UTC);
    private final Parameters params = new Parameters("install", false, false, 10, List.of(), List.of(), List.of(), Map.of());

    private static Map<String, Recap> recap() {
        Map<String, Recap> m = new LinkedHashMap<>();
        m.put("web1", new Recap(3, 1, 0, 0, 0, 0, 2, 1500));
        m.put("db1", new Recap(0, 0, 1, 0, 0, 0, 1, 700));
        return m;
    }

    @Test
    void liveViewKeepsOneLinePerHostBelowThePermanentLines() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleView v = new ConsoleView(new PrintStream(buf, true, StandardCharsets.UTF_8), true, false, NOON);
        v.on(new Event.RunStarted("r1", params, List.of("web1", "db1"), null));
        v.on(new Event.PhaseStarted(1, 2, "base", "all", List.of("web1", "db1")));
        v.on(new Event.TaskStarted("web1", "1/base/pkgs#1", "base", "packages", false));
        v.on(new Event.OutputLine("web1", "Unpacking nginx (1.22) ...\r50%\u001b[0m", false));
        v.on(new Event.TaskFinished("web1", "1/base/pkgs#1", "base", "packages", false, TaskStatus.CHANGED, "install nginx", null, 2500, false));
        v.on(new Event.HostFailed("db1", "base", "conf", "exit status 1\nno space", false));
        v.on(new Event.RunFinished("r1", 1, recap(), 3000));
        v.close();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\u001b[2A\r\u001b[J"), "the two host lines are erased before a permanent line: " + out);
        assertTrue(out.contains("web1 base: packages ... \u001b[33mchanged\u001b[0m (2.5s): install nginx"), out);
        assertTrue(out.contains("db1 \u001b[31mFAILED\u001b[0m at base: conf\n    exit status 1\n    no space"), out);
        assertTrue(out.contains("web1  [1/2 base] done"), out);
        assertTrue(out.contains("web1      3        1       0        0            0      1.5s            2"), out);
        assertTrue(out.contains("a task failed in 3.0s (exit code 1)"), out);
    }

    @Test
    void plainViewStampsEveryLineAndSaysResumedAndCheck() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleView v = new ConsoleView(new PrintStream(buf, true, StandardCharsets.UTF_8), false, false, NOON);
        Parameters check = new Parameters("install", true, false, 10, List.of(), List.of(), List.of(), Map.of());
        v.on(new Event.RunStarted("r2", check, List.of("web1"), "r1"));
        v.on(new Event.TaskFinished("web1", "x", "base", "a", false, TaskStatus.SKIPPED, "done by the resumed run", null, 0, true));
        v.on(new Event.TaskFinished("web1", "y", "base", "b", false, TaskStatus.CHANGED, "write /etc/b", "--- a\n+++ b\n+x", 0, false));
        v.on(new Event.OutputLine("web1", "not shown unless verbose", false));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("12:00:00 run r2: install (check: nothing is changed), resuming r1 on web1\n"), out);
        assertTrue(out.contains("12:00:00 web1 base: a ... skipped (resumed)\n"), out);
        assertTrue(out.contains("12:00:00 web1 base: b ... changed (check): write /etc/b\n12:00:00     --- a\n"), out);
        assertFalse(out.contains("not shown"), out);
        assertFalse(out.contains("\u001b"), "no escape sequences off a terminal");
        assertEquals(6, out.lines().count(), "run, two tasks, three diff lines");
    }
}
