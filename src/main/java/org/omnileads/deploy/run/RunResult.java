package org.omnileads.deploy.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param exitCode 0 ok, 1 a task failed, 2 the roles could not be bound (nothing touched),
 *                 3 a host was unreachable, 130 interrupted
 * @param recap    per host, in inventory order
 * @param journal  the run's journal file, or null without a state directory
 */
public record RunResult(String runId, int exitCode, Map<String, Recap> recap, Path journal) {
    public static final int OK = 0;
    public static final int TASK_FAILED = 1;
    public static final int NOT_BOUND = 2;
    public static final int UNREACHABLE = 3;
    public static final int INTERRUPTED = 130;

    public RunResult {
        recap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recap));
    }
}
