package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.omnileads.deploy.inventory.InputFile;

/**
 * Root passwords for automation ({@code --password-file FILE}): one {@code NAME=PASSWORD} line per inventory host;
 * the password is everything after the first {@code =}, spaces included, up to the line end; blank lines and
 * lines starting with {@code #} are ignored. The file is refused unless its mode is 0600 or stricter, as ssh
 * refuses a private key others can read.
 */
public final class PasswordFile {
    /** Far more than any inventory's hosts need. */
    static final int MAX_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> ALLOWED = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final Map<String, String> passwords;

    private PasswordFile(Path file, Map<String, String> passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /** Reads the file; errors name the file and line but never show a password. */
    public static PasswordFile read(Path file) throws IOException {
        // Type and size first: a FIFO or a device is never opened, a huge file never read.
        String kind = InputFile.problem(file, MAX_BYTES, false);
        if (kind != null) throw new IOException(file + ": " + kind + " (a password file has NAME=PASSWORD lines)");
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            throw new IOException(file + ": cannot check who may read this password file (no POSIX permissions here)");
        }
        if (!ALLOWED.containsAll(mode)) {
            throw new IOException(file + ": refused: mode " + PosixFilePermissions.toString(mode)
                    + " lets others read or run the passwords; allow only its owner: chmod 600 " + Shell.quote(file.toString()));
        }
        String text = new String(InputFile.read(file, MAX_BYTES, false), StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            int eq = line.indexOf('=');
            String where = file + ":" + (i + 1) + ": ";
            if (eq < 0) throw new IOException(where + "expected NAME=PASSWORD (no '=' on this line)");
            String name = line.substring(0, eq).strip();
            String password = line.substring(eq + 1);
            if (name.isEmpty()) throw new IOException(where + "no host name before '='");
            if (password.isEmpty()) throw new IOException(where + "empty password for " + name);
            if (out.putIfAbsent(name, password) != null) throw new IOException(where + name + " appears twice");
        }
        return new PasswordFile(file, Map.copyOf(out));
    }

    public Path file() { return file; }

    public Optional<String> passwordOf(String hostName) { return Optional.ofNullable(passwords.get(hostName)); }

    /** Every password, for the redactor. */
    public Collection<String> passwords() { return passwords.values(); }

    /** Answers with the host's line on the first attempt; a rejected password is not tried again. */
    public PasswordPrompt asPrompt() {
        return PasswordPrompt.unattended(host -> passwords.get(host.name()));
    }
}
