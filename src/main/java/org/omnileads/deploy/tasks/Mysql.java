package org.omnileads.deploy.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the MariaDB/MySQL kinds talk to the server: the {@code mysql} client as root over the
 * local socket (MariaDB's root uses unix_socket authentication), SQL on standard input.
 */
final class Mysql {
    private Mysql() {}

    /** A string literal; backslashes are escapes in MariaDB's default SQL mode. */
    static String literal(String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in SQL text");
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** An identifier in backticks. */
    static String ident(String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in SQL identifier");
        return "`" + s.replace("`", "``") + "`";
    }

    /** {@code 'user'@'host'}. */
    static String account(String user, String host) { return literal(user) + "@" + literal(host); }

    /** mysql_native_password's stored form: {@code *} and the upper-case hex of SHA1(SHA1(password)). */
    static String nativeHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().formatHex(sha1.digest(once)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String COMMAND = "mysql --no-defaults -N -B -u root";

    /** Probe fragment: {@code db=up} and the query's output (key=value lines), or {@code db=down}. */
    static String probe(String sql) {
        return "if command -v mysql >/dev/null 2>&1 && oml_q=$(" + Script.heredoc(COMMAND + " 2>/dev/null", sql).stripTrailing()
                + "\n); then echo db=up; [ -n \"$oml_q\" ] && printf '%s\\n' \"$oml_q\"; else echo db=down; fi\n";
    }

    /** Step prelude: waits up to 60 s for the server (it may just have been started). */
    static final String WAIT = """
            oml_i=0
            until echo 'SELECT 1' | mysql --no-defaults -N -B -u root >/dev/null 2>&1; do
              oml_i=$((oml_i + 1))
              if [ "$oml_i" -ge 60 ]; then echo "oml: MariaDB does not accept connections as root over its socket (is it installed and started?)" >&2; exit 1; fi
              sleep 1
            done
            """;

    static String run(String sql) {
        return Script.heredoc(COMMAND, sql).stripTrailing() + "\n[ $? -eq 0 ] || exit 1\n";
    }

    static String query(String var, String sql) {
        return var + "=$(" + Script.heredoc(COMMAND, sql).stripTrailing() + "\n) || exit 1\n";
    }
}
