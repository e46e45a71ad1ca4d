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

    @Test
    void aSecretThatIsAnOrdinaryWordIsMaskedWhereItStandsAsAValueOnly() {
        Redactor r = new Redactor();
        r.add("admin");
        r.add("omnileads");
        r.add("123456");
        // As a value: masked.
        assertEquals("ADMIN_PASS=**** and 'secret' = '****'", r.redact("ADMIN_PASS=admin and 'secret' = 'admin'"));
        assertEquals("postgres://u:****@db:5432/x, pin ****.", r.redact("postgres://u:omnileads@db:5432/x, pin 123456."));
        assertEquals("export PGPASSWORD=****\nsecret=****", r.redact("export PGPASSWORD=omnileads\nsecret=omnileads"));
        // Inside a longer word, a path, a file or a unit name: left alone, so the context gives nothing away.
        String context = "the administrator of /opt/omnileads/bin restarts omnileads.service on omnileads-db; admin_pass; port 1234567";
        assertEquals(context, r.redact(context));
    }

    @Test
    void otherSecretsAreMaskedWhereverTheyAppear() {
        Redactor r = new Redactor();
        r.add("Zr7-strong#root");
        assertEquals("x****y /opt/****/", r.redact("xZr7-strong#rooty /opt/Zr7-strong#root/"));
    }
}
