package org.omnileads.deploy.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.Phase;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.roles.TemplateSource;
import org.omnileads.deploy.tasks.ReleaseFilesTask;
import org.omnileads.deploy.tasks.Task;

/**
 * The deployer's roles with a release's telephony: binding a role replaces each of its
 * {@code release_files} tasks by the release's own files (rendered, adapted) and tells the role
 * {@code release_telephony: true}, so that its own configuration of the same files steps aside.
 * A file the release cannot give, or a template it cannot render, is a {@link RoleException}
 * naming the release file and line: the run stops before any host is touched.
 */
public final class ReleaseRoles implements Roles {
    private final Roles inner;
    private final TelephonyFiles files;

    public ReleaseRoles(Roles inner, Release release) {
        this.inner = inner;
        this.files = new TelephonyFiles(release);
    }

    @Override public List<Phase> site() { return inner.site(); }

    @Override public Map<String, Object> defaults(String role) { return inner.defaults(role); }

    @Override public Optional<TemplateSource> template(String role, String name) { return inner.template(role, name); }

    @Override
    public BoundRole bind(String role, Map<String, Object> vars) throws RoleException {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put("release_telephony", true);
        BoundRole b = inner.bind(role, v);
        if (b.tasks().stream().noneMatch(t -> t instanceof ReleaseFilesTask)) return b;
        List<Task> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Task t : b.tasks()) {
            if (!(t instanceof ReleaseFilesTask r)) {
                tasks.add(t);
                continue;
            }
            try {
                tasks.addAll(files.tasks(r, r.vars()));
            } catch (AnsibleTemplates.Failure f) {
                problems.add(f.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new RoleException(problems);
        return new BoundRole(b.name(), tasks, b.handlers());
    }
}
