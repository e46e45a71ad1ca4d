package org.omnileads.deploy.tasks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PostgreSQL's SCRAM-SHA-256 password verifier ({@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey},
 * RFC 5802/7677), computed here. This lets the deployer set a password by sending only the
 * verifier (the clear password never reaches the host, its logs or {@code pg_stat_activity}) and
 * check a stored verifier against the wanted password without logging in.
 * Passwords are used as UTF-8 without SASLprep, which is the same for ASCII passwords.
 */
public final class ScramVerifier {
    public static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramVerifier() {}

    /** A new verifier with a random 16-byte salt. */
    public static String create(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return create(password, salt, ITERATIONS);
    }

    static String create(String password, byte[] salt, int iterations) {
        byte[][] keys = keys(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(keys[0]) + ":" + b64.encodeToString(keys[1]);
    }

    /** Whether {@code verifier} (as stored in pg_authid.rolpassword) accepts {@code password}. */
    public static boolean matches(String verifier, String password) {
        if (verifier == null || !verifier.startsWith("SCRAM-SHA-256$")) return false;
        try {
            String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
            if (parts.length != 4) return false;
            int iterations = Integer.parseInt(parts[0]);
            Base64.Decoder b64 = Base64.getDecoder();
            byte[][] keys = keys(password, b64.decode(parts[1]), iterations);
            return MessageDigest.isEqual(keys[0], b64.decode(parts[2])) && MessageDigest.isEqual(keys[1], b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** StoredKey and ServerKey. */
    private static byte[][] keys(String password, byte[] salt, int iterations) {
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            return new byte[][] {storedKey, serverKey};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PBKDF2-HMAC-SHA-256 with one output block (RFC 5802's Hi). */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] out = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < out.length; j++) out[j] ^= u[j];
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
