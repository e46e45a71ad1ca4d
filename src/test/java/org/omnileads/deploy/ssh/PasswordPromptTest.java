package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.inventory.Host;

class PasswordPromptTest {
    static final Host A = new Host("a", "10.0.0.1", 22, "root", 1);
    static final Host B = new Host("b", "10.0.0.2", 22, "root", 2);
    static final Host C = new Host("c", "10.0.0.3", 22, "root", 3);

    @Test
    void samePasswordIsAskedOnceAndAHostThatRejectsItIsAskedAlone() {
        List<String> asked = new ArrayList<>();
        List<String> answers = new ArrayList<>(List.of("typo", "shared", "own"));
        PasswordPrompt same = PasswordPrompt.sameForAll((h, attempt, why) -> {
            asked.add(h.name() + "#" + attempt);
            return answers.remove(0);
        });
        assertEquals("typo", same.ask(A, 1, null));
        assertEquals("shared", same.ask(A, 2, "rejected"));
        same.accepted(A, "shared");
        assertEquals("shared", same.ask(B, 1, null));
        same.accepted(B, "shared");
        assertEquals("shared", same.ask(C, 1, null));
        assertEquals("own", same.ask(C, 2, "rejected"));
        assertEquals(List.of("a#1", "a#2", "c#2"), asked);
    }

    @Test
    void onlyAPromptThatMayAskSomeoneTakesTurns() {
        PasswordPrompt terminal = (h, attempt, why) -> "typed";
        assertTrue(terminal.interactive());
        assertTrue(PasswordPrompt.sameForAll(terminal).interactive());
        PasswordPrompt file = PasswordPrompt.unattended(h -> h == A ? "pa" : null);
        assertFalse(file.interactive());
        assertFalse(PasswordPrompt.sameForAll(file).interactive());
        assertFalse(PasswordPrompt.none().interactive());
        assertEquals("pa", file.ask(A, 1, null));
        assertNull(file.ask(A, 2, "rejected"), "a file has one answer per host");
        assertNull(file.ask(B, 1, null));
        assertNull(PasswordPrompt.none().ask(A, 1, null));
    }
}
