package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code postgres_extension}: an extension is created in a PostgreSQL database. */
public record PostgresExtensionTask(TaskSpec spec, String name, String database) implements Task {
    static final TaskKind KIND = new TaskKind("postgres_extension", "a PostgreSQL extension exists in a database",
            List.of(ArgSpec.required("name", ArgType.NAME, "the extension, e.g. pgcrypto"),
                    ArgSpec.required("database", ArgType.NAME, "the database")),
            (spec, args) -> new PostgresExtensionTask(spec, args.string("name"), args.string("database")));

    private String exists() { return "SELECT 'version=' || extversion FROM pg_extension WHERE extname = " + Psql.literal(name) + ";"; }

    @Override
    public String probe() { return Psql.probe(database, exists()); }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (!f.is("pg", "up")) {
            return new Plan.Change("create extension " + name + " in " + database + " (database not reachable yet)", null, new Step(step()), true);
        }
        if (f.has("version")) return new Plan.Ok("extension " + name + " " + f.get("version") + " is in " + database);
        return new Plan.Change("create extension " + name + " in " + database, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.raw(Psql.WAIT);
        s.raw(Psql.query("oml_v", database, exists()));
        s.raw("[ -n \"$oml_v\" ] && exit 99");
        s.raw(Psql.run(database, "CREATE EXTENSION IF NOT EXISTS " + Psql.ident(name) + ";"));
        s.raw("exit 0");
        return s.toString();
    }
}
