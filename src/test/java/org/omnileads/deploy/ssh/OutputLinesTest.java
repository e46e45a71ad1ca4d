package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.ssh.RemoteCommand.OutputLine;

class OutputLinesTest {
    @Test
    void linesAreCutOnNewlinesAcrossWritesAndKeepSplitCharactersWhole() {
        List<OutputLine> lines = new ArrayList<>();
        OutputLines out = new OutputLines(true, lines::add);
        byte[] b = "añ\r\nb\nlast".getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, 2); // cuts "ñ" in the middle
        out.write(b, 2, b.length - 2);
        out.finish();
        assertEquals(List.of(new OutputLine("añ", true), new OutputLine("b", true), new OutputLine("last", true)), lines);
        assertEquals("añ\r\nb\nlast", out.text());
    }

    @Test
    void aFailingListenerDoesNotLoseOutput() {
        OutputLines out = new OutputLines(false, l -> { throw new IllegalStateException("boom"); });
        out.write("x\ny\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertEquals("x\ny\n", out.text());
    }
}
