package org.omnileads.deploy.roles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.omnileads.deploy.tasks.Task;

/**
 * A checked set of roles, held in memory; immutable, so hosts can be bound in parallel.
 * Made by {@link RoleLoader}.
 */
public final class LoadedRoles implements Roles {
    /** Passes over templated defaults, so a default may use another templated default. */
    private static final int DEFAULT_PASSES = 5;

    private final List<Phase> site;
    private final Map<String, RoleDefinition> roles;

    LoadedRoles(List<Phase> site, Map<String, RoleDefinition> roles) {
        this.site = List.copyOf(site);
        this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    @Override public List<Phase> site() { return site; }

    @Override
    public Set<String> tags() {
        Set<String> out = new java.util.TreeSet<>();
        for (Phase p : site) {
            RoleDefinition d = roles.get(p.role());
            if (d != null) d.tasks().forEach(t -> out.addAll(t.tags()));
        }
        return out;
    }

    /** Every role folder's name, including roles no phase runs (such as bench). */
    public Set<String> names() { return roles.keySet(); }

    @Override
    public Map<String, Object> defaults(String role) {
        RoleDefinition d = roles.get(role);
        return d == null ? Map.of() : d.defaults();
    }

    /** The names of the role's tasks in file order, unrendered (for listings and --tags help). */
    public List<String> taskNames(String role) {
        RoleDefinition d = roles.get(role);
        return d == null ? List.of() : d.tasks().stream().map(TaskDefinition::name).toList();
    }

    @Override
    public Optional<TemplateSource> template(String role, String name) {
        RoleDefinition d = roles.get(role);
        String text = d == null ? null : d.templates().source(name);
        return text == null ? Optional.empty() : Optional.of(new TemplateSource(d.templates().shownAs() + "/" + name, text));
    }

    @Override
    public BoundRole bind(String role, Map<String, Object> vars) throws RoleException {
        RoleDefinition def = roles.get(role);
        if (def == null) throw new RoleException(List.of("no role " + role + Nearest.hint(role, roles.keySet())));
        Problems problems = new Problems();
        Map<String, Object> merged = variables(def, vars, problems);
        problems.throwIfAny();
        List<Task> tasks = new ArrayList<>();
        for (TaskDefinition d : def.tasks()) {
            Task t = Binder.bind(def, d, merged, problems);
            if (t != null) tasks.add(t);
        }
        Map<String, Task> handlers = new LinkedHashMap<>();
        for (TaskDefinition d : def.handlers()) {
            Task t = Binder.bind(def, d, merged, problems);
            if (t != null) handlers.put(d.name(), t);
        }
        problems.throwIfAny();
        return new BoundRole(role, tasks, handlers);
    }

    /** Defaults, then the given variables over them; templated defaults rendered with the result. */
    private static Map<String, Object> variables(RoleDefinition def, Map<String, Object> given, Problems problems) {
        Map<String, Object> merged = new LinkedHashMap<>(def.defaults());
        merged.putAll(given);
        List<String> templated = new ArrayList<>();
        for (String k : def.defaults().keySet()) if (!given.containsKey(k) && hasTemplate(def.defaults().get(k))) templated.add(k);
        String file = def.shownAs() + "/defaults.yaml";
        for (int pass = 0; pass < DEFAULT_PASSES && !templated.isEmpty(); pass++) {
            boolean changed = false;
            for (String k : templated) {
                try {
                    Object v = render(def.templates(), merged.get(k), merged, file, def.defaultLines().getOrDefault(k, 1));
                    if (!java.util.Objects.equals(v, merged.get(k))) {
                        merged.put(k, v);
                        changed = true;
                    }
                } catch (RoleTemplates.Failure f) {
                    problems.add(file, def.defaultLines().getOrDefault(k, 1), k + ": " + f.getMessage());
                    return merged;
                }
            }
            if (!changed) break;
        }
        return Collections.unmodifiableMap(merged);
    }

    private static boolean hasTemplate(Object v) {
        if (v instanceof String s) return RoleTemplates.isTemplate(s);
        if (v instanceof List<?> l) return l.stream().anyMatch(LoadedRoles::hasTemplate);
        if (v instanceof Map<?, ?> m) return m.values().stream().anyMatch(LoadedRoles::hasTemplate);
        return false;
    }

    private static Object render(RoleTemplates t, Object v, Map<String, Object> vars, String file, int line) throws RoleTemplates.Failure {
        if (v instanceof String s) return t.renderText(s, vars, file, line);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(render(t, o, vars, file, line));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(e.getKey(), render(t, e.getValue(), vars, file, line));
            return out;
        }
        return v;
    }
}
