package org.omnileads.deploy.inventory;

import java.util.Locale;

/** Which inventory variables hold secrets. */
public final class Secrets {
    private Secrets() {}

    /** True for every {@code *password*} / {@code *pass*} variable (and keys / tokens). */
    public static boolean isSecretName(String variable) {
        String v = variable.toLowerCase(Locale.ROOT);
        return v.contains("pass") || v.contains("secret") || v.contains("token") || v.endsWith("_key");
    }
}
