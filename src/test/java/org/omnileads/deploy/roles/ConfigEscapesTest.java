package org.omnileads.deploy.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-format escapes; the host test HostileValuesHostsTest proves Asterisk reads them back. */
class ConfigEscapesTest {
    @Test
    void asteriskEscapesOnlyTheCommentCharacter() {
        assertEquals("a\\;b", ConfigEscapes.asterisk("a;b"));
        assertEquals("a\\\\;b", ConfigEscapes.asterisk("a\\;b"));
        assertEquals("\\;--x", ConfigEscapes.asterisk(";--x"));
        assertEquals("'\"$`\\|<>&#ñ", ConfigEscapes.asterisk("'\"$`\\|<>&#ñ"));
    }

    @Test
    void kamailioEscapesBackslashAndDoubleQuote() {
        assertEquals("a\\\\b\\\"c;$'", ConfigEscapes.kamailioString("a\\b\"c;$'"));
    }
}
