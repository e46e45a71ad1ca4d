package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --copy-id}: installs the operator's public key for root, as the old installer's {@code ssh-copy-id}
 * step did, so later runs need no password. Idempotent: a key already present is left alone. The key travels
 * on standard input. No key pair is generated here: whether a private key gets a passphrase is the operator's
 * choice, so a missing key is an error that says how to make one.
 */
public final class CopyId {
    /** Public key files looked for in {@code ~/.ssh}, in order. */
    public static final List<String> PUBLIC_KEY_FILES = List.of("id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub");
    private static final Pattern KEY_LINE = Pattern.compile("(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+=* ?[^\\n]*");

    /** Appends the line from stdin to root's authorized_keys unless its key (the base64 field) is there already. */
    private static final String INSTALL = String.join("\n",
            "umask 077",
            "IFS= read -r key || exit 1",
            "set -- $key",
            "d=\"$HOME/.ssh\"; f=\"$d/authorized_keys\"",
            "mkdir -p \"$d\" && touch \"$f\" || exit 1",
            "if grep -qF -- \"$2\" \"$f\"; then echo present; exit 0; fi",
            // A last line without a newline would be glued to ours.
            "if [ -s \"$f\" ] && [ -n \"$(tail -c 1 \"$f\")\" ]; then echo >> \"$f\"; fi",
            "printf '%s\\n' \"$key\" >> \"$f\" || exit 1",
            "chmod go-w \"$d\" \"$f\"",
            "echo added");

    private CopyId() {}

    /** The first public key found in {@code sshDir} ({@code ~/.ssh}), as one line. */
    public static String publicKeyLine(Path sshDir) throws IOException {
        for (String name : PUBLIC_KEY_FILES) {
            Path f = sshDir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            String line = Files.readString(f, StandardCharsets.UTF_8).strip();
            if (!KEY_LINE.matcher(line).matches()) throw new IOException(f + ": not an OpenSSH public key line");
            return line;
        }
        throw new IOException("no public key in " + sshDir + " (looked for " + String.join(", ", PUBLIC_KEY_FILES)
                + "); create a key pair with: ssh-keygen -t ed25519");
    }

    /** The operator's key from {@code ~/.ssh}. */
    public static String publicKeyLine() throws IOException {
        return publicKeyLine(Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /**
     * Installs the key for the logged-in user (root).
     *
     * @return true when the key was added, false when it was there already
     */
    public static boolean install(RemoteHost host, String publicKeyLine) throws SshException {
        String line = publicKeyLine.strip();
        if (!KEY_LINE.matcher(line).matches()) throw new IllegalArgumentException("not an OpenSSH public key line");
        CommandResult r = host.exec(RemoteCommand.of("sh", "-c", INSTALL).withStdin((line + "\n").getBytes(StandardCharsets.UTF_8)));
        if (!r.ok()) {
            throw new SshException(SshException.Cause.OTHER, host.host().label(), "could not install the public key for root: " + r.stderr().strip(),
                    "check that root's home folder is writable (df -h; ls -ld ~root/.ssh)", null);
        }
        return r.stdout().strip().equals("added");
    }
}
