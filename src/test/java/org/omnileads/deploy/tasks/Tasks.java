package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Map;

/** Builds tasks for tests the way roles would, with arguments checked by their kind. */
final class Tasks {
    private Tasks() {}

    static TaskSpec spec(String kind, String name) {
        return new TaskSpec("test", name, kind, "roles/test/tasks.yaml", 1, List.of(), List.of());
    }

    static Task of(String kind, Map<String, ?> args) {
        try {
            return TaskKinds.create(spec(kind, kind + " " + args), args);
        } catch (BadArgument e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static Task of(String kind, Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return of(kind, m);
    }

}
