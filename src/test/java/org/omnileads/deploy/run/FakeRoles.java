package org.omnileads.deploy.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.Phase;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.tasks.Task;

/** Roles made in code: a site list and, per role, its tasks and handlers; records the variables each bind saw. */
final class FakeRoles implements Roles {
    private final List<Phase> site = new ArrayList<>();
    private final Map<String, List<Task>> tasks = new LinkedHashMap<>();
    private final Map<String, Map<String, Task>> handlers = new LinkedHashMap<>();
    final List<Map<String, Object>> bound = new ArrayList<>();
    String failBinding;

    FakeRoles phase(String role, String on, Task... roleTasks) {
        site.add(new Phase(role, on, "roles/site.yaml", site.size() + 1));
        tasks.computeIfAbsent(role, r -> new ArrayList<>()).addAll(List.of(roleTasks));
        return this;
    }

    FakeRoles handler(String role, String name, Task t) {
        handlers.computeIfAbsent(role, r -> new LinkedHashMap<>()).put(name, t);
        return this;
    }

    @Override public List<Phase> site() { return site; }

    @Override public Map<String, Object> defaults(String role) { return Map.of(); }

    @Override public java.util.Optional<org.omnileads.deploy.roles.TemplateSource> template(String role, String name) { return java.util.Optional.empty(); }

    @Override
    public BoundRole bind(String role, Map<String, Object> vars) throws RoleException {
        bound.add(vars);
        if (role.equals(failBinding)) throw new RoleException(List.of("roles/" + role + "/templates/x.j2:3: undefined variable 'nope'"));
        return new BoundRole(role, tasks.getOrDefault(role, List.of()), handlers.getOrDefault(role, Map.of()));
    }
}
