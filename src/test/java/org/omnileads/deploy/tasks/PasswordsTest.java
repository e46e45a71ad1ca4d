package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The password forms sent instead of clear passwords: SCRAM-SHA-256 verifiers and mysql_native_password hashes. */
class PasswordsTest {
    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 7677's example exchange: our StoredKey and ServerKey must check its client proof and give its server signature. */
    @Test
    void scramMatchesTheRfc7677Example() throws Exception {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        String verifier = ScramVerifier.create("pencil", salt, 4096);
        String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
        byte[] storedKey = Base64.getDecoder().decode(parts[2]);
        byte[] serverKey = Base64.getDecoder().decode(parts[3]);
        String auth = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Base64.getEncoder().encodeToString(hmac(serverKey, auth)));
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] signature = hmac(storedKey, auth);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) clientKey[i] = (byte) (proof[i] ^ signature[i]);
        assertArrayEquals(storedKey, MessageDigest.getInstance("SHA-256").digest(clientKey));
        assertTrue(ScramVerifier.matches(verifier, "pencil"));
        assertFalse(ScramVerifier.matches(verifier, "pencil2"));
    }

    @Test
    void verifiersHaveFreshSaltsAndRejectOtherForms() {
        String a = ScramVerifier.create("x-password");
        assertFalse(a.equals(ScramVerifier.create("x-password")), "a new salt each time");
        assertTrue(a.startsWith("SCRAM-SHA-256$4096:"));
        assertTrue(ScramVerifier.matches(a, "x-password"));
        assertFalse(ScramVerifier.matches("md5" + "0".repeat(32), "x-password"));
        assertFalse(ScramVerifier.matches("", "x-password"));
        assertFalse(ScramVerifier.matches(null, "x-password"));
        assertFalse(ScramVerifier.matches("SCRAM-SHA-256$bad", "x-password"));
    }

    @Test
    void mysqlNativeHashIsDoubleSha1() {
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", Mysql.nativeHash("password"));
    }

    @Test
    void sqlQuoting() {
        assertEquals("'it''s'", Psql.literal("it's"));
        assertEquals("'a\\b'", Psql.literal("a\\b"), "standard strings keep backslashes");
        assertEquals("\"we\"\"ird\"", Psql.ident("we\"ird"));
        assertEquals("'it''s \\\\'", Mysql.literal("it's \\"));
        assertEquals("`d``b`", Mysql.ident("d`b"));
    }
}
