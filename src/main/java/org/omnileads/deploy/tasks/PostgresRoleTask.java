package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code postgres_role}: a PostgreSQL role exists with login, superuser and password as wanted,
 * optionally with read-only access to one database.
 *
 * <p>How the password is checked and set: the probe reads the role's stored SCRAM verifier
 * ({@code pg_authid}, readable by the postgres superuser), and the plan checks it against the
 * wanted password here ({@link ScramVerifier}); no login is attempted, so it works for NOLOGIN
 * roles and whatever pg_hba.conf says, and no state file can drift from the database. A new
 * password is sent as a verifier computed here, so the clear text never reaches the host — not
 * its process list, not its server log (log_statement), not pg_stat_activity.
 */
public record PostgresRoleTask(TaskSpec spec, String name, String password, boolean login, Boolean superuser,
                               String readonlyDatabase, String verifier) implements Task {
    static final TaskKind KIND = new TaskKind("postgres_role", "a PostgreSQL role exists with password, login and superuser as wanted",
            List.of(ArgSpec.required("name", ArgType.NAME, "the role"),
                    ArgSpec.optional("password", ArgType.SECRET, null, "its password (stored as SCRAM-SHA-256)"),
                    ArgSpec.optional("login", ArgType.BOOL, Boolean.TRUE, "whether it may log in"),
                    ArgSpec.optional("superuser", ArgType.BOOL, null, "superuser or not (left as is when not given)"),
                    ArgSpec.optional("readonly_on_database", ArgType.NAME, null, "a database where it may read every table of schema public, now and later")),
            (spec, args) -> new PostgresRoleTask(spec, args.string("name"), args.optional("password"), args.bool("login"),
                    args.optionalBool("superuser"), args.optional("readonly_on_database"), null));

    public PostgresRoleTask {
        // The salt is drawn once per bound task, so the plan stays a pure function of the facts.
        if (password != null && verifier == null) verifier = ScramVerifier.create(password);
    }

    @Override public List<String> secrets() { return password == null ? List.of() : List.of(password); }

    @Override public String toString() { return "PostgresRoleTask[" + spec.label() + ", role " + name + "]"; }

    @Override
    public String probe() {
        String lit = Psql.literal(name);
        StringBuilder s = new StringBuilder("(\n");
        s.append(Psql.probe("postgres", "SELECT 'login=' || rolcanlogin || E'\\n' || 'superuser=' || rolsuper || E'\\n' || 'verifier=' || coalesce(rolpassword, '')"
                + " FROM pg_authid WHERE rolname = " + lit + ";"));
        if (readonlyDatabase != null) {
            String sql = "SELECT 'ro_connect=' || has_database_privilege(r.oid, current_database(), 'CONNECT') FROM pg_roles r WHERE r.rolname = " + lit + ";\n"
                    + "SELECT 'ro_usage=' || has_schema_privilege(r.oid, 'public', 'USAGE') FROM pg_roles r WHERE r.rolname = " + lit + ";\n"
                    + "SELECT 'ro_tables=' || coalesce(bool_and(has_table_privilege(r.oid, c.oid, 'SELECT')), true)"
                    + " FROM pg_roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE r.rolname = " + lit + " AND n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p');\n"
                    + "SELECT 'ro_default=' || EXISTS (SELECT 1 FROM pg_default_acl a JOIN pg_namespace n ON n.oid = a.defaclnamespace"
                    + " JOIN pg_database d ON d.datname = current_database()"
                    + " WHERE n.nspname = 'public' AND a.defaclobjtype = 'r' AND a.defaclrole = d.datdba"
                    + " AND EXISTS (SELECT 1 FROM aclexplode(a.defaclacl) x WHERE x.grantee = r.oid AND x.privilege_type = 'SELECT'))"
                    + " FROM pg_roles r WHERE r.rolname = " + lit + ";";
            s.append(Psql.probe(readonlyDatabase, sql, "ro"));
        }
        return s.append(")\n").toString();
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (!f.is("pg", "up")) {
            return new Plan.Change("create or update PostgreSQL role " + name + " (server not reachable yet)", null, new Step(step(true)), true);
        }
        if (!f.has("login")) return new Plan.Change("create PostgreSQL role " + name, null, new Step(step(true)), false);
        List<String> d = new ArrayList<>();
        if (login != Boolean.parseBoolean(f.get("login"))) d.add(login ? "allow login" : "forbid login");
        if (superuser != null && superuser != Boolean.parseBoolean(f.get("superuser"))) d.add(superuser ? "make superuser" : "remove superuser");
        boolean passwordWrong = password != null && !ScramVerifier.matches(f.get("verifier"), password);
        if (passwordWrong) d.add("set password");
        if (readonlyDatabase != null) {
            boolean ok = f.is("ro", "up") && f.is("ro_connect", "true") && f.is("ro_usage", "true") && f.is("ro_tables", "true") && f.is("ro_default", "true");
            if (!ok) d.add("grant read-only access to database " + readonlyDatabase);
            if (!f.is("ro", "up")) {
                // The database may be created later in this run.
                return new Plan.Change("PostgreSQL role " + name + ": " + String.join(", ", d), null, new Step(step(passwordWrong)), true);
            }
        }
        if (d.isEmpty()) return new Plan.Ok("PostgreSQL role " + name + " is as wanted");
        return new Plan.Change("PostgreSQL role " + name + ": " + String.join(", ", d), null, new Step(step(passwordWrong)), false);
    }

    String step(boolean setPassword) {
        String id = Psql.ident(name);
        StringBuilder sql = new StringBuilder();
        sql.append("DO $oml$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ").append(Psql.literal(name))
                .append(") THEN CREATE ROLE ").append(id).append("; END IF; END $oml$;\n");
        sql.append("ALTER ROLE ").append(id).append(login ? " LOGIN" : " NOLOGIN");
        if (superuser != null) sql.append(superuser ? " SUPERUSER" : " NOSUPERUSER");
        sql.append(";\n");
        if (password != null && setPassword) sql.append("ALTER ROLE ").append(id).append(" PASSWORD ").append(Psql.literal(verifier)).append(";\n");
        Script s = new Script();
        s.raw(Psql.WAIT);
        s.raw(Psql.run("postgres", sql.toString()));
        if (readonlyDatabase != null) {
            String role = Psql.literal(name);
            String ro = "DO $oml$ DECLARE o text; BEGIN\n"
                    + "  SELECT pg_get_userbyid(datdba) INTO o FROM pg_database WHERE datname = current_database();\n"
                    + "  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), " + role + ");\n"
                    + "  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', " + role + ");\n"
                    + "  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', " + role + ");\n"
                    + "  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT ON TABLES TO %I', o, " + role + ");\n"
                    + "END $oml$;\n";
            s.raw(Psql.run(readonlyDatabase, ro));
        }
        s.raw("exit 0");
        return s.toString();
    }
}
