package org.omnileads.deploy.preflight;

/**
 * One preflight finding for one host.
 *
 * @param host   inventory host name
 * @param name   what was checked, e.g. "memory"
 * @param result ok, warning or failure
 * @param detail what was found
 * @param fix    what to do (empty when ok)
 */
public record Check(String host, String name, Result result, String detail, String fix) {
    /** Outcome of a check; only {@link #FAIL} blocks an install. */
    public enum Result { OK, WARN, FAIL }

    public static Check ok(String host, String name, String detail) { return new Check(host, name, Result.OK, detail, ""); }

    public static Check warn(String host, String name, String detail, String fix) { return new Check(host, name, Result.WARN, detail, fix); }

    public static Check fail(String host, String name, String detail, String fix) { return new Check(host, name, Result.FAIL, detail, fix); }
}
