package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * An OpenSSH {@code known_hosts} file: plain and hashed ({@code |1|salt|hash}) host patterns, wildcards and
 * negations, {@code [host]:port} for ports other than 22, {@code @revoked} lines ({@code @cert-authority} lines are
 * skipped: host certificates are not used). The file is read afresh at every check, so a line added by another
 * session or by {@code ssh} counts at once.
 */
public final class KnownHosts {
    /** Where a presented key stands. */
    public enum State { KNOWN, UNKNOWN, CHANGED, REVOKED }

    /**
     * The answer for one presented key.
     *
     * @param hostToken        the name the host has in the file: {@code address} or {@code [address]:port}
     * @param keyType          the presented key's type, e.g. {@code ssh-ed25519}
     * @param fingerprint      the presented key's fingerprint, {@code SHA256:...}
     * @param line             for CHANGED and REVOKED, the 1-based line that disagrees; 0 otherwise
     * @param knownType        for CHANGED, the type of the key on that line
     * @param knownFingerprint for CHANGED, the fingerprint of the key on that line
     */
    public record Verdict(State state, String hostToken, String keyType, String fingerprint, int line,
                          String knownType, String knownFingerprint) {}

    private final Path file;

    public KnownHosts(Path file) { this.file = file.toAbsolutePath(); }

    /** {@code ~/.ssh/known_hosts}, as OpenSSH uses. */
    public static KnownHosts atDefaultPlace() {
        return new KnownHosts(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    public Path file() { return file; }

    /** The host's name in known_hosts: the address alone on port 22, {@code [address]:port} otherwise. */
    public static String hostToken(String address, int port) {
        String a = address.toLowerCase(Locale.ROOT);
        return port == 22 ? a : "[" + a + "]:" + port;
    }

    /** OpenSSH's fingerprint of a key blob: {@code SHA256:} and the base64 of its SHA-256, without padding. */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    public static String fingerprint(PublicKey key) { return fingerprint(blobOf(key)); }

    /** The OpenSSH type name of a key, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}. */
    public static String typeOf(PublicKey key) { return PublicKeyEntry.toString(key).split(" ")[0]; }

    static byte[] blobOf(PublicKey key) { return Base64.getDecoder().decode(PublicKeyEntry.toString(key).split(" ")[1]); }

    /** The command that removes the host's lines, as the operator would type it. */
    public String removalCommand(String address, int port) {
        return Shell.command("ssh-keygen", "-R", hostToken(address, port), "-f", file.toString());
    }

    /** Looks the presented key up. */
    public Verdict check(String address, int port, PublicKey key) throws IOException {
        return check(address, port, typeOf(key), blobOf(key));
    }

    synchronized Verdict check(String address, int port, String keyType, byte[] blob) throws IOException {
        String token = hostToken(address, port);
        String fp = fingerprint(blob);
        Entry sameType = null;
        Entry any = null;
        boolean known = false;
        for (Entry e : entriesFor(token)) {
            boolean sameKey = e.type.equals(keyType) && MessageDigest.isEqual(e.blob, blob);
            if (e.revoked) {
                if (sameKey) return new Verdict(State.REVOKED, token, keyType, fp, e.line, e.type, fingerprint(e.blob));
                continue;
            }
            if (sameKey) known = true;
            else if (e.type.equals(keyType) && sameType == null) sameType = e;
            if (any == null) any = e;
        }
        if (known) return new Verdict(State.KNOWN, token, keyType, fp, 0, null, null);
        // A different key, or only keys of other types (the client asks for known types first, as OpenSSH does).
        Entry old = sameType != null ? sameType : any;
        if (old != null) return new Verdict(State.CHANGED, token, keyType, fp, old.line, old.type, fingerprint(old.blob));
        return new Verdict(State.UNKNOWN, token, keyType, fp, 0, null, null);
    }

    /** Key types known for the host, in file order; the client offers these host key algorithms first. */
    public synchronized List<String> knownKeyTypes(String address, int port) throws IOException {
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (Entry e : entriesFor(hostToken(address, port))) if (!e.revoked) types.add(e.type);
        return List.copyOf(types);
    }

    /** Appends the host's key as a plain line, creating the file (0600) and its folder (0700) when missing. */
    public void add(String address, int port, PublicKey key) throws IOException {
        add(address, port, typeOf(key), blobOf(key));
    }

    synchronized void add(String address, int port, String keyType, byte[] blob) throws IOException {
        Path dir = file.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        String line = hostToken(address, port) + " " + keyType + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        byte[] existing = Files.readAllBytes(file);
        // A file that ends without a newline would glue our line to its last one.
        if (existing.length > 0 && existing[existing.length - 1] != '\n') line = "\n" + line;
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** One key line that applies to a host. */
    private record Entry(int line, boolean revoked, String type, byte[] blob) {}

    private List<Entry> entriesFor(String token) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split("\\s+");
            int k = 0;
            boolean revoked = false;
            if (f[0].startsWith("@")) {
                if (f[0].equals("@revoked")) revoked = true;
                else continue; // @cert-authority: host certificates are not used
                k = 1;
            }
            if (f.length < k + 3) continue; // malformed, as OpenSSH skips it
            if (!hostMatches(f[k], token)) continue;
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(f[k + 2]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new Entry(i + 1, revoked, f[k + 1], blob));
        }
        return out;
    }

    /** OpenSSH's rules: a hashed name, or a comma list of patterns where a matching negation vetoes. */
    static boolean hostMatches(String patterns, String token) {
        if (patterns.startsWith("|1|")) return hashedMatches(patterns, token);
        boolean matched = false;
        for (String p : patterns.split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (glob(pattern, 0, token, 0)) {
                if (negated) return false;
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatches(String field, String token) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(hash, hashHost(salt, token));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** HMAC-SHA1 of the host name keyed by the salt, as {@code ssh-keygen -H} writes it. */
    static byte[] hashHost(byte[] salt, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from the JDK", e);
        }
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) if (glob(p, pi + 1, s, k)) return true;
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) return false;
            pi++;
            si++;
        }
        return si == s.length();
    }
}
