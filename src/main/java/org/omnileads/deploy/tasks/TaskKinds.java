package org.omnileads.deploy.tasks;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every task kind, by its YAML key. */
public final class TaskKinds {
    private static final Map<String, TaskKind> KINDS;

    static {
        Map<String, TaskKind> m = new LinkedHashMap<>();
        for (TaskKind k : new TaskKind[] {
            PackageTask.KIND, DirectoryTask.KIND, FileTask.KIND, CopyTask.KIND, TemplateTask.KIND, LineTask.KIND, BlockTask.KIND,
            ServiceTask.KIND, UserTask.KIND, GroupTask.KIND, CommandTask.KIND, DownloadTask.KIND, UnarchiveTask.KIND,
            PostgresRoleTask.KIND, PostgresDatabaseTask.KIND, PostgresExtensionTask.KIND, MysqlUserTask.KIND, MysqlRootPasswordTask.KIND,
            WaitForPortTask.KIND, TimezoneTask.KIND, HostnameTask.KIND, ReleaseFilesTask.KIND,
        }) {
            m.put(k.key(), k);
        }
        KINDS = Collections.unmodifiableMap(m);
    }

    private TaskKinds() {}

    /** The kind with this YAML key, or null. */
    public static TaskKind get(String key) { return KINDS.get(key); }

    public static Collection<TaskKind> all() { return KINDS.values(); }

    /** Builds a task in code (tests, tools), with arguments checked as the role loader checks them. */
    public static Task create(TaskSpec spec, Map<String, ?> args) throws BadArgument {
        TaskKind k = KINDS.get(spec.kind());
        if (k == null) throw new BadArgument(null, "unknown task kind " + spec.kind());
        return k.factory().create(spec, Args.of(spec.kind(), args));
    }
}
