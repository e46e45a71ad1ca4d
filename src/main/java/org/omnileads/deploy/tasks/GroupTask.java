package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code group}: a local group exists. */
public record GroupTask(TaskSpec spec, String name, boolean system) implements Task {
    static final TaskKind KIND = new TaskKind("group", "a local group exists",
            List.of(ArgSpec.required("name", ArgType.NAME, "the group"),
                    ArgSpec.optional("system", ArgType.BOOL, Boolean.FALSE, "a system group (id below 1000) when created")),
            (spec, args) -> new GroupTask(spec, args.string("name"), args.bool("system")));

    @Override
    public String probe() {
        // What getent group answers, read from /etc/group where that is sure (LocalAccounts).
        return LocalAccounts.HOST.sources() + LocalAccounts.HOST.groupExists(name);
    }

    /** Sets only variables named oml_..., each before reading it. */
    @Override public boolean probeInline() { return true; }

    @Override
    public Plan plan(String output) {
        if (Facts.parse(output).is("exists", "yes")) return new Plan.Ok("group " + name + " exists");
        return new Plan.Change("create group " + name, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("getent group %q >/dev/null && exit 99", name);
        s.line("groupadd " + (system ? "--system " : "") + "%q || exit 1", name);
        s.raw("exit 0");
        return s.toString();
    }
}
