package org.omnileads.deploy.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A secret is masked as written and in every form a role writes it (diffs show files as they are). */
class RedactorTest {
    @Test
    void aSecretIsMaskedAsWrittenQuotedForShAndEscapedForAsteriskAndKamailio() {
        Redactor r = new Redactor();
        r.add("pa'ss;wo\"rd\\x");
        assertEquals("PGPASSWORD=****", r.redact("PGPASSWORD=pa'ss;wo\"rd\\x"));
        assertEquals("export PGPASSWORD=****", r.redact("export PGPASSWORD='pa'\\''ss;wo\"rd\\x'"));
        assertEquals("secret = ****", r.redact("secret = pa'ss\\;wo\"rd\\x"));
        assertEquals("modparam(\"auth_ephemeral\", \"secret\", \"****\")",
                r.redact("modparam(\"auth_ephemeral\", \"secret\", \"pa'ss;wo\\\"rd\\\\x\")"));
    }

    @Test
    void shortAndBlankValuesAreNotSecrets() {
        Redactor r = new Redactor();
        r.add("ab");
        r.add("   ");
        assertEquals("ab   ", r.redact("ab   "));
    }
}
