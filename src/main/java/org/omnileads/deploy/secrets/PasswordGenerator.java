package org.omnileads.deploy.secrets;

import java.security.SecureRandom;

/** Strong random passwords for new inventories and lab hosts. */
public final class PasswordGenerator {
    // No characters that need quoting in INI, shell or SQL, so generated values are easy to copy.
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordGenerator() {}

    public static String generate(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    public static String generate() { return generate(24); }
}
