package org.omnileads.deploy.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Secrets;

/**
 * What to run and how.
 *
 * @param action         the operation, e.g. {@code install} or {@code upgrade}; saved in the journal
 * @param check          probe and plan only, change nothing
 * @param diff           put file diffs in the task results
 * @param forks          hosts worked on at once
 * @param components     selected components; empty means all ({@code all} phases still run on the selected ones' hosts)
 * @param limit          inventory host names to run on; empty means all
 * @param tags           run only tasks carrying one of these; empty means all
 * @param extraVariables variables over everything else (e.g. from the command line)
 * @param stateDir       {@code .deploy/} next to the inventory: journal, logs, pending handlers; null keeps nothing (tests)
 * @param resumeRunId    null for a fresh run; a run id, or {@link #LAST}, to resume that run with its parameters
 */
public record RunOptions(String action, boolean check, boolean diff, int forks, Set<Component> components, List<String> limit,
                         List<String> tags, Map<String, Object> extraVariables, Path stateDir, String resumeRunId) {
    /** {@link #resumeRunId} value meaning "the last run that failed". */
    public static final String LAST = "last";
    public static final int DEFAULT_FORKS = 10;

    public RunOptions {
        if (action == null || action.isBlank()) action = "install";
        if (forks < 1) forks = DEFAULT_FORKS;
        components = components.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(components));
        limit = List.copyOf(limit);
        tags = List.copyOf(tags);
        extraVariables = Collections.unmodifiableMap(new LinkedHashMap<>(extraVariables));
    }

    /** A plain run of {@code action} with defaults: every component and host, 10 forks. */
    public static RunOptions of(String action, Path stateDir) {
        return new RunOptions(action, false, false, DEFAULT_FORKS, Set.of(), List.of(), List.of(), Map.of(), stateDir, null);
    }

    public RunOptions withCheck(boolean c) { return new RunOptions(action, c, diff, forks, components, limit, tags, extraVariables, stateDir, resumeRunId); }

    public RunOptions withDiff(boolean d) { return new RunOptions(action, check, d, forks, components, limit, tags, extraVariables, stateDir, resumeRunId); }

    public RunOptions withForks(int f) { return new RunOptions(action, check, diff, f, components, limit, tags, extraVariables, stateDir, resumeRunId); }

    public RunOptions withComponents(Set<Component> c) { return new RunOptions(action, check, diff, forks, c, limit, tags, extraVariables, stateDir, resumeRunId); }

    public RunOptions withLimit(List<String> l) { return new RunOptions(action, check, diff, forks, components, l, tags, extraVariables, stateDir, resumeRunId); }

    public RunOptions withTags(List<String> t) { return new RunOptions(action, check, diff, forks, components, limit, t, extraVariables, stateDir, resumeRunId); }

    public RunOptions withExtraVariables(Map<String, Object> v) { return new RunOptions(action, check, diff, forks, components, limit, tags, v, stateDir, resumeRunId); }

    public RunOptions resuming(String runId) { return new RunOptions(action, check, diff, forks, components, limit, tags, extraVariables, stateDir, runId); }

    /** This run's parameters as saved in its journal (secret variables left out). */
    public Parameters parameters(Predicate<String> isSecretValue) {
        Map<String, Object> vars = new LinkedHashMap<>();
        extraVariables.forEach((k, v) -> {
            if (!Secrets.isSecretName(k) && !(v instanceof String s && isSecretValue.test(s))) vars.put(k, v);
        });
        return new Parameters(action, check, diff, forks, components.stream().map(Component::group).toList(), limit, tags, vars);
    }

    /**
     * Options that repeat a saved run: its parameters, with this run's extra variables over the saved ones
     * (secret variables are never saved, so the command line gives them again).
     */
    public RunOptions withParameters(Parameters p, String resumeId) {
        Set<Component> cs = EnumSet.noneOf(Component.class);
        for (String g : p.components()) Component.ofGroup(g).ifPresent(cs::add);
        Map<String, Object> vars = new LinkedHashMap<>(p.extraVariables());
        vars.putAll(extraVariables);
        return new RunOptions(p.action(), p.check(), p.diff(), p.forks(), cs, p.limit(), p.tags(), vars, stateDir, resumeId);
    }
}
