package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code mysql_root_password}: MariaDB's root@localhost has this password and keeps unix_socket
 * login (so the host's root, and this deployer, still get in without it); anonymous users,
 * root logins from other hosts and the {@code test} database are removed, as
 * mysql_secure_installation does. Only the password's hash is sent; the probe compares it on
 * the server and prints counts, never the stored hash.
 */
public record MysqlRootPasswordTask(TaskSpec spec, String password) implements Task {
    static final TaskKind KIND = new TaskKind("mysql_root_password", "MariaDB root has this password; anonymous users and remote root removed",
            List.of(ArgSpec.required("password", ArgType.SECRET, "root's password")),
            (spec, args) -> new MysqlRootPasswordTask(spec, args.string("password")));

    private static final String WANTED = "root_password=1\nroot_socket=1\nanonymous=0\nremote_root=0\ntest_db=0";

    @Override public List<String> secrets() { return List.of(password); }

    @Override public String toString() { return "MysqlRootPasswordTask[" + spec.label() + "]"; }

    private String state() {
        String hash = Mysql.literal(Mysql.nativeHash(password));
        return "SELECT CONCAT('root_password=', COUNT(*)) FROM mysql.global_priv WHERE User = 'root' AND Host = 'localhost' AND JSON_SEARCH(Priv, 'one', " + hash + ") IS NOT NULL;\n"
                + "SELECT CONCAT('root_socket=', COUNT(*)) FROM mysql.global_priv WHERE User = 'root' AND Host = 'localhost' AND JSON_SEARCH(Priv, 'one', 'unix_socket') IS NOT NULL;\n"
                + "SELECT CONCAT('anonymous=', COUNT(*)) FROM mysql.global_priv WHERE User = '';\n"
                + "SELECT CONCAT('remote_root=', COUNT(*)) FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');\n"
                + "SELECT CONCAT('test_db=', COUNT(*)) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test';\n";
    }

    @Override
    public String probe() { return Mysql.probe(state()); }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (!f.is("db", "up")) return new Plan.Change("set MariaDB root password (server not reachable yet)", null, new Step(step()), true);
        StringBuilder d = new StringBuilder();
        if (!f.is("root_password", "1") || !f.is("root_socket", "1")) d.append(", set root password");
        if (!f.is("anonymous", "0")) d.append(", remove anonymous users");
        if (!f.is("remote_root", "0")) d.append(", remove remote root logins");
        if (!f.is("test_db", "0")) d.append(", drop database test");
        if (d.length() == 0) return new Plan.Ok("MariaDB root password set, no anonymous users, no remote root");
        return new Plan.Change("MariaDB: " + d.substring(2), null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.raw(Mysql.WAIT);
        s.raw(Mysql.query("oml_s", state()));
        s.line("[ \"$oml_s\" = %q ] && exit 99", WANTED);
        s.raw(Mysql.run("ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING " + Mysql.literal(Mysql.nativeHash(password)) + " OR unix_socket;\n"
                + "DELETE FROM mysql.global_priv WHERE User = '';\n"
                + "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');\n"
                + "DROP DATABASE IF EXISTS test;\n"
                + "DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%';\n"
                + "FLUSH PRIVILEGES;\n"));
        s.raw("exit 0");
        return s.toString();
    }
}
