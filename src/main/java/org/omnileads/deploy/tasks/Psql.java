package org.omnileads.deploy.tasks;

/**
 * How the PostgreSQL kinds talk to the server: {@code psql} as the postgres user over the local
 * socket, every statement on standard input (here-documents), never in an argument list.
 */
final class Psql {
    private Psql() {}

    /** A SQL string literal: quotes doubled, no backslash escapes (standard_conforming_strings is on). */
    static String literal(String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in SQL text");
        return "'" + s.replace("'", "''") + "'";
    }

    /** A SQL identifier, always quoted. */
    static String ident(String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in SQL identifier");
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** The psql command reading SQL from standard input, unaligned and quiet, stopping at the first error. */
    static String command(String database) {
        // From / so psql, running as postgres, does not warn that it cannot enter root's home.
        return Script.fmt("cd / && runuser -u postgres -- psql -X -A -t -q -v ON_ERROR_STOP=1 -d %q", database);
    }

    /**
     * A probe fragment: prints {@code pg=up} and the query's output (which should print
     * {@code key=value} lines) when the server answers, else {@code pg=down}.
     */
    static String probe(String database, String sql) { return probe(database, sql, "pg"); }

    /** As {@link #probe(String, String)}, printing {@code KEY=up} or {@code KEY=down}. */
    static String probe(String database, String sql, String key) {
        return "if command -v psql >/dev/null 2>&1 && oml_q=$(" + Script.heredoc(command(database) + " 2>/dev/null", sql).stripTrailing()
                + "\n); then echo " + key + "=up; [ -n \"$oml_q\" ] && printf '%s\\n' \"$oml_q\"; else echo " + key + "=down; fi\n";
    }

    /** Step prelude: waits up to 60 s for the server to accept connections (it may just have been started). */
    static final String WAIT = """
            oml_i=0
            until (cd / && runuser -u postgres -- psql -X -q -d postgres -c 'SELECT 1') </dev/null >/dev/null 2>&1; do
              oml_i=$((oml_i + 1))
              if [ "$oml_i" -ge 60 ]; then echo "oml: PostgreSQL does not accept connections (is it installed and started?)" >&2; exit 1; fi
              sleep 1
            done
            """;

    /** Step fragment: runs {@code sql} in {@code database}, failing the step on error. */
    static String run(String database, String sql) {
        return Script.heredoc(command(database), sql).stripTrailing() + "\n[ $? -eq 0 ] || exit 1\n";
    }

    /** Step fragment: sets sh variable {@code var} to the query's output, failing the step on error. */
    static String query(String var, String database, String sql) {
        return var + "=$(" + Script.heredoc(command(database), sql).stripTrailing() + "\n) || exit 1\n";
    }
}
