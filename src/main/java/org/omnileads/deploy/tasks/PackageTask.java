package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code package}: packages are installed (present), removed (absent) or at the newest version
 * (latest). One probe asks the package database about all names at once.
 */
public record PackageTask(TaskSpec spec, List<String> names, String state, PackageManager manager) implements Task {
    static final TaskKind KIND = new TaskKind("package", "packages are installed, removed, or at their newest version",
            List.of(ArgSpec.required("names", ArgType.NAMES, "package names; name=version pins a version"),
                    ArgSpec.choice("state", "present", "present, absent or latest", "present", "absent", "latest"),
                    ArgSpec.choice("tool", "apt", "the package tool: apt (Debian) or dnf", "apt", "dnf")),
            PackageTask::create);

    public PackageTask {
        names = List.copyOf(names);
    }

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        List<String> names = args.list("names");
        if (names.isEmpty()) throw new BadArgument("names", "names: give at least one package");
        PackageManager m = args.string("tool").equals("dnf") ? new Dnf() : new Apt();
        return new PackageTask(spec, names, args.string("state"), m);
    }

    @Override
    public PackageManager packageSource() { return state.equals("absent") ? null : manager; }

    @Override
    public String probe() { return manager.probe(names, state.equals("latest")); }

    /** The package database alone, unless the newest versions are asked (those come from the repositories' lists). */
    @Override
    public List<String> factsFiles() { return state.equals("latest") ? List.of() : manager.installedFactsFiles(); }

    /** One command, no variables. */
    @Override public boolean probeInline() { return true; }

    @Override
    public Plan plan(String output) {
        List<String> todo = todo(Facts.parse(output));
        switch (state) {
            case "absent" -> {
                if (todo.isEmpty()) return new Plan.Ok("not installed: " + String.join(", ", names));
                return new Plan.Change("remove " + String.join(", ", todo), null, new Step(manager.removeScript(todo)), false);
            }
            case "latest" -> {
                if (todo.isEmpty()) return new Plan.Ok("newest known version installed: " + String.join(", ", names));
                return new Plan.Change("install or upgrade " + String.join(", ", todo), null, new Step(manager.upgradeScript(todo)), false);
            }
            default -> {
                if (todo.isEmpty()) return new Plan.Ok("installed: " + String.join(", ", names));
                return new Plan.Change("install " + String.join(", ", todo), null, new Step(manager.installScript(todo)), false);
            }
        }
    }

    /** What an install or upgrade would fetch: the packages still to install (none for a removal). */
    @Override
    public List<String> downloads(String facts) { return state.equals("absent") ? List.of() : todo(Facts.parse(facts)); }

    /** The names to act on: installed ones for absent, missing or older ones otherwise (as given, pins kept). */
    private List<String> todo(Facts f) {
        Map<String, String> installed = manager.installed(f);
        List<String> todo = new ArrayList<>();
        switch (state) {
            case "absent" -> {
                for (String n : names) if (installed.containsKey(PackageManager.bare(n))) todo.add(PackageManager.bare(n));
            }
            case "latest" -> {
                Map<String, String> candidates = manager.candidates(f);
                for (String n : names) {
                    String b = PackageManager.bare(n);
                    String have = installed.get(b);
                    if (have == null || !have.equals(candidates.get(b))) todo.add(n);
                }
            }
            default -> {
                for (String n : names) {
                    String b = PackageManager.bare(n);
                    String have = installed.get(b);
                    int eq = n.indexOf('=');
                    if (have == null || (eq > 0 && !have.equals(n.substring(eq + 1)))) todo.add(n);
                }
            }
        }
        return todo;
    }
}
