package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Quoting rules; the round trip through a real sh is in {@link HostSessionTest}. */
class ShellTest {
    @Test
    void safeWordsStayBareAndEverythingElseIsSingleQuoted() {
        assertEquals("/etc/hosts", Shell.quote("/etc/hosts"));
        assertEquals("''", Shell.quote(""));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("'$HOME'", Shell.quote("$HOME"));
        assertEquals("printf %s 'x;y'", Shell.command("printf", "%s", "x;y"));
    }
}
