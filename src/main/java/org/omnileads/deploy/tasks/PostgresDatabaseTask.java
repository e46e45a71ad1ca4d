package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code postgres_database}: a PostgreSQL database exists, owned by the given role. */
public record PostgresDatabaseTask(TaskSpec spec, String name, String owner) implements Task {
    static final TaskKind KIND = new TaskKind("postgres_database", "a PostgreSQL database exists with its owner",
            List.of(ArgSpec.required("name", ArgType.NAME, "the database"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "the role owning it (left as is when not given)")),
            (spec, args) -> new PostgresDatabaseTask(spec, args.string("name"), args.optional("owner")));

    @Override
    public String probe() {
        return Psql.probe("postgres", "SELECT 'owner=' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = " + Psql.literal(name) + ";");
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (!f.is("pg", "up")) return new Plan.Change("create PostgreSQL database " + name + " (server not reachable yet)", null, new Step(step()), true);
        if (!f.has("owner")) return new Plan.Change("create PostgreSQL database " + name + (owner == null ? "" : " owned by " + owner), null, new Step(step()), false);
        if (owner != null && !owner.equals(f.get("owner"))) {
            return new Plan.Change("PostgreSQL database " + name + ": owner " + f.get("owner") + " → " + owner, null, new Step(step()), false);
        }
        return new Plan.Ok("PostgreSQL database " + name + " exists");
    }

    String step() {
        Script s = new Script();
        s.raw(Psql.WAIT);
        s.raw(Psql.query("oml_o", "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = " + Psql.literal(name) + ";"));
        s.raw("if [ -z \"$oml_o\" ]; then");
        s.raw(Psql.run("postgres", "CREATE DATABASE " + Psql.ident(name) + (owner == null ? "" : " OWNER " + Psql.ident(owner)) + ";"));
        s.raw("exit 0\nfi");
        if (owner != null) {
            s.line("if [ \"$oml_o\" != %q ]; then", owner);
            s.raw(Psql.run("postgres", "ALTER DATABASE " + Psql.ident(name) + " OWNER TO " + Psql.ident(owner) + ";"));
            s.raw("exit 0\nfi");
        }
        s.raw("exit 99");
        return s.toString();
    }
}
