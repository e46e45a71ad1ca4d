package org.omnileads.deploy.run;

import java.util.List;
import java.util.function.Function;
import org.omnileads.deploy.tasks.Plan;
import org.omnileads.deploy.tasks.Task;
import org.omnileads.deploy.tasks.TaskSpec;

/** A task for ordering and planning tests: a fixed probe and a plan computed from the facts. It never touches a host. */
record FakeTask(TaskSpec spec, String probe, Function<String, Plan> planner) implements Task {
    static int line = 1;

    static FakeTask of(String role, String name, Plan plan) { return of(role, name, plan, List.of(), List.of()); }

    static FakeTask of(String role, String name, Plan plan, List<String> tags, List<String> notifies) {
        return new FakeTask(new TaskSpec(role, name, "fake", "roles/" + role + "/tasks.yaml", line++, tags, notifies), "", f -> plan);
    }

    static Plan.Change change(String summary, boolean dependsOnEarlier) {
        return new Plan.Change(summary, "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n", new org.omnileads.deploy.tasks.Step("true"), dependsOnEarlier);
    }

    @Override public Plan plan(String facts) { return planner.apply(facts); }
}
