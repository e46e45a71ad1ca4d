package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.secrets.Redactor;

class PrintableTest {
    @Test
    void controlCharactersAreShownNotSent() {
        assertEquals("a\\e]0;title\\x07b\\e[2Jc\\rd\\x9b", Printable.escape("a\u001b]0;title\u0007b\u001b[2Jc\rd\u009b"));
        assertEquals("two\nlines\tand a tab", Printable.escape("two\nlines\tand a tab"));
        String plain = "nothing to do: ñandú ✓";
        assertSame(plain, Printable.escape(plain));
        assertEquals("'a\\nb\\e'", Printable.quoted("a\nb\u001b"));
    }

    @Test
    void everyLineOfTheTerminalIsEscapedAfterTheSecretsAreMasked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Redactor r = new Redactor();
        r.add("s3cr\u001bet");
        Terminal t = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), r);
        t.println("host \u001b[31mred\u001b[0m s3cr\u001bet");
        t.error("bell\u0007");
        assertEquals("host \\e[31mred\\e[0m ****\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("bell\\x07\n", err.toString(StandardCharsets.UTF_8));
    }
}
