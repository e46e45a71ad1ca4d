package org.omnileads.deploy.ssh;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.omnileads.deploy.secrets.Redactor;

/**
 * How to log in as root: the operator's key pairs are tried first, then a password from {@code passwords}.
 * Every password obtained is added to {@code redactor} before it is used. ssh-agent is not used: MINA SSHD
 * reaches an agent only through native code.
 *
 * @param keys      unencrypted private keys of the operator, may be empty
 * @param passwords asked when no key is accepted
 */
public record Credentials(List<KeyPair> keys, PasswordPrompt passwords, Redactor redactor) {
    /** Identity files tried, in OpenSSH's order of preference. */
    public static final List<String> IDENTITY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public Credentials {
        keys = List.copyOf(keys);
        Objects.requireNonNull(passwords, "passwords");
        Objects.requireNonNull(redactor, "redactor");
    }

    /** The operator's keys from {@code ~/.ssh}, then passwords. */
    public static Credentials withUserKeys(PasswordPrompt passwords, Redactor redactor, Consumer<String> notices) {
        return new Credentials(loadKeys(Path.of(System.getProperty("user.home"), ".ssh"), notices), passwords, redactor);
    }

    /** Passwords only. */
    public static Credentials passwordsOnly(PasswordPrompt passwords, Redactor redactor) {
        return new Credentials(List.of(), passwords, redactor);
    }

    /** Loads the unencrypted ones of {@link #IDENTITY_FILES} found in {@code sshDir}; others are named in a notice. */
    public static List<KeyPair> loadKeys(Path sshDir, Consumer<String> notices) {
        List<KeyPair> out = new ArrayList<>();
        for (String name : IDENTITY_FILES) {
            Path f = sshDir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            try (InputStream in = Files.newInputStream(f)) {
                // No password provider: an encrypted key fails here instead of prompting.
                for (KeyPair kp : SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(f.toString()), in, null)) out.add(kp);
            } catch (Exception e) {
                notices.accept("not using " + f + ": it is encrypted or unreadable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return out;
    }
}
