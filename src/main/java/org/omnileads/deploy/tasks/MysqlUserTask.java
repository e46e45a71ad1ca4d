package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code mysql_user}: a MariaDB/MySQL account exists with this password and exactly these
 * privileges on one database (or {@code *} for all). Only the password's hash is sent; the
 * probe compares it on the server and prints a count.
 */
public record MysqlUserTask(TaskSpec spec, String name, String password, String host, String database, List<String> privileges)
        implements Task {
    static final TaskKind KIND = new TaskKind("mysql_user", "a MariaDB account exists with password and privileges on a database",
            List.of(ArgSpec.required("name", ArgType.NAME, "the user"),
                    ArgSpec.required("password", ArgType.SECRET, "its password"),
                    ArgSpec.optional("host", ArgType.STRING, "localhost", "where it connects from: localhost, an address, or %"),
                    ArgSpec.optional("database", ArgType.STRING, "*", "the database its privileges apply to, or * for all"),
                    ArgSpec.optional("privileges", ArgType.LIST, List.of("ALL"), "privileges, e.g. [SELECT, INSERT] or [ALL]")),
            MysqlUserTask::create);

    public MysqlUserTask {
        privileges = List.copyOf(privileges);
    }

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        List<String> privs = new ArrayList<>();
        for (String p : args.list("privileges")) {
            String u = p.trim().toUpperCase(Locale.ROOT);
            if (!u.matches("[A-Z][A-Z ]*")) throw new BadArgument("privileges", "privileges: \"" + p + "\" is not a privilege name");
            privs.add(u.equals("ALL") ? "ALL PRIVILEGES" : u);
        }
        if (privs.isEmpty()) throw new BadArgument("privileges", "privileges: give at least one (USAGE for none)");
        String host = args.string("host");
        if (host.isBlank() || host.contains("'") || host.contains("\n")) throw new BadArgument("host", "host: not a host name, address or pattern");
        return new MysqlUserTask(spec, args.string("name"), args.string("password"), host, args.string("database").trim(), privs);
    }

    @Override public List<String> secrets() { return List.of(password); }

    @Override public String toString() { return "MysqlUserTask[" + spec.label() + ", " + name + "@" + host + "]"; }

    private String on() { return database.equals("*") ? "*.*" : Mysql.ident(database) + ".*"; }

    private String account() { return Mysql.account(name, host); }

    @Override
    public String probe() {
        String where = " FROM mysql.global_priv WHERE User = " + Mysql.literal(name) + " AND Host = " + Mysql.literal(host);
        String sql = "SELECT CONCAT('exists=', COUNT(*))" + where + ";\n"
                + "SELECT CONCAT('password=', COUNT(*))" + where + " AND JSON_SEARCH(Priv, 'one', " + Mysql.literal(Mysql.nativeHash(password)) + ") IS NOT NULL;\n";
        StringBuilder s = new StringBuilder("(\n").append(Mysql.probe(sql));
        // The grants, without the IDENTIFIED clause (it holds the hash).
        s.append("if printf '%s\\n' \"$oml_q\" | grep -qx 'exists=1'; then\n")
                .append(Script.heredoc(Mysql.COMMAND, "SHOW GRANTS FOR " + account() + ";", "2>/dev/null | sed -e 's/ IDENTIFIED .*//' -e 's/^/grant=/'"))
                .append("fi\n");
        return s.append(")\n").toString();
    }

    /** The privileges the probe's grant lines give on our database, upper case. */
    Set<String> granted(Facts f) {
        String marker = " ON " + (database.equals("*") ? "*.*" : "`" + database.replace("`", "``") + "`.*") + " TO ";
        Set<String> out = new LinkedHashSet<>();
        for (String g : f.all("grant")) {
            int on = g.indexOf(marker);
            if (!g.startsWith("GRANT ") || on < 0) continue;
            for (String p : g.substring("GRANT ".length(), on).split(",")) {
                String t = p.trim().toUpperCase(Locale.ROOT);
                if (!t.isEmpty() && !t.equals("USAGE")) out.add(t);
            }
        }
        return out;
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String who = name + "@" + host;
        if (!f.is("db", "up")) return new Plan.Change("create MariaDB user " + who + " (server not reachable yet)", null, new Step(step(true, false)), true);
        if (!f.is("exists", "1")) return new Plan.Change("create MariaDB user " + who + " with " + String.join(", ", privileges) + " on " + on(), null, new Step(step(true, false)), false);
        List<String> d = new ArrayList<>();
        boolean pw = !f.is("password", "1");
        if (pw) d.add("set password");
        Set<String> want = new LinkedHashSet<>(privileges);
        want.remove("USAGE");
        Set<String> have = granted(f);
        boolean grants = !have.equals(want);
        if (grants) d.add("privileges on " + on() + ": " + (have.isEmpty() ? "none" : String.join(", ", have)) + " → " + String.join(", ", privileges));
        if (d.isEmpty()) return new Plan.Ok("MariaDB user " + who + " is as wanted");
        return new Plan.Change("MariaDB user " + who + ": " + String.join("; ", d), null, new Step(step(pw, grants && !have.isEmpty())), false);
    }

    String step(boolean setPassword, boolean revoke) {
        StringBuilder sql = new StringBuilder();
        sql.append("CREATE USER IF NOT EXISTS ").append(account()).append(";\n");
        if (setPassword) sql.append("ALTER USER ").append(account()).append(" IDENTIFIED BY PASSWORD ").append(Mysql.literal(Mysql.nativeHash(password))).append(";\n");
        if (revoke) sql.append("REVOKE ALL PRIVILEGES ON ").append(on()).append(" FROM ").append(account()).append(";\n");
        sql.append("GRANT ").append(String.join(", ", privileges)).append(" ON ").append(on()).append(" TO ").append(account()).append(";\n");
        Script s = new Script();
        s.raw(Mysql.WAIT);
        s.raw(Mysql.run(sql.toString()));
        s.raw("exit 0");
        return s.toString();
    }
}
