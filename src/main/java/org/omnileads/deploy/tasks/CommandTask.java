package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code command}: a shell script, run in its own subshell of the apply script (so it reaches the
 * host on standard input, never in a process list). Guards: {@code creates} (skip when the path
 * exists) and {@code unless} (skip when that shell condition succeeds) are checked by the probe
 * and checked again just before running. {@code changed_when: never} reports ok after a
 * successful run; a script may itself exit 99 to say it had nothing to do.
 */
public record CommandTask(TaskSpec spec, String run, String creates, String unless, boolean neverChanged, String chdir, boolean slowGuard)
        implements Task {
    static final TaskKind KIND = new TaskKind("command", "a shell script runs, guarded by creates / unless",
            List.of(ArgSpec.required("run", ArgType.TEXT, "the script (sh), rendered as a template"),
                    ArgSpec.optional("creates", ArgType.PATH, null, "skip when this path exists"),
                    ArgSpec.optional("unless", ArgType.TEXT, null, "skip when this shell condition succeeds (it must change nothing)"),
                    ArgSpec.choice("changed_when", "always", "always or never: whether a successful run counts as a change", "always", "never"),
                    ArgSpec.optional("chdir", ArgType.PATH, null, "folder to run in"),
                    ArgSpec.optional("slow_guard", ArgType.BOOL, Boolean.FALSE,
                            "the unless condition takes long (it starts an application): the probe checks it alongside its other checks")),
            (spec, args) -> new CommandTask(spec, args.string("run"), args.optional("creates"), args.optional("unless"),
                    args.string("changed_when").equals("never"), args.optional("chdir"), args.bool("slow_guard")));

    @Override
    public String probe() {
        Script s = new Script();
        if (creates != null) s.line("if [ -e %q ] || [ -L %q ]; then echo creates=yes; fi", creates, creates);
        if (unless != null) s.raw("if ( " + guard() + " ) </dev/null >/dev/null 2>&1; then echo unless=yes; fi");
        return s.toString();
    }

    /** A slow unless condition is checked while the host's other probes run (it changes nothing, so the order does not matter). */
    @Override
    public boolean probeAlongside() { return slowGuard && unless != null; }

    /** The guard already runs in a subshell of its own, and the rest sets nothing: no subshell around the probe (a process less per task). */
    @Override
    public boolean probeInline() { return !probeAlongside(); }

    /** The unless condition in a subshell of its own, so it cannot leave variables or exit. */
    private String guard() { return "\n" + unless + "\n"; }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        if (creates != null && f.is("creates", "yes")) return new Plan.Ok(creates + " exists");
        if (unless != null && f.is("unless", "yes")) return new Plan.Ok("unless condition holds");
        return new Plan.Change("run " + firstLine(), null, new Step(step()), true);
    }

    private String firstLine() {
        String t = run.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl) + " …";
        return first.length() > 80 ? first.substring(0, 77) + "…" : first;
    }

    String step() {
        Script s = new Script();
        if (creates != null) s.line("if [ -e %q ] || [ -L %q ]; then exit 99; fi", creates, creates);
        if (unless != null) s.raw("if ( " + guard() + " ) </dev/null >/dev/null 2>&1; then exit 99; fi");
        if (chdir != null) s.line("cd %q || exit 1", chdir);
        s.raw("(\n" + run + (run.endsWith("\n") ? "" : "\n") + ") </dev/null");
        s.raw("oml_rc=$?");
        s.raw("[ \"$oml_rc\" -eq 0 ] || exit \"$oml_rc\"");
        s.raw(neverChanged ? "exit 99" : "exit 0");
        return s.toString();
    }
}
