package org.omnileads.deploy.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened on one host in a run.
 *
 * @param ok          tasks already as wanted
 * @param changed     tasks that changed the host (would change it, in check mode)
 * @param failed      tasks that failed or were interrupted
 * @param skipped     tasks that did not apply, or were done by the run being resumed
 * @param unreachable 1 when the session to the host broke, else 0
 * @param unknown     check mode: tasks whose outcome depends on an earlier change
 * @param roundTrips  remote round trips (commands and file transfers)
 * @param millis      time spent working on the host
 */
public record Recap(int ok, int changed, int failed, int skipped, int unreachable, int unknown, long roundTrips, long millis) {
    public static final Recap EMPTY = new Recap(0, 0, 0, 0, 0, 0, 0, 0);

    /** Counts one more task result. */
    public Recap plus(TaskStatus s) {
        return switch (s) {
            case OK -> new Recap(ok + 1, changed, failed, skipped, unreachable, unknown, roundTrips, millis);
            case CHANGED -> new Recap(ok, changed + 1, failed, skipped, unreachable, unknown, roundTrips, millis);
            case SKIPPED -> new Recap(ok, changed, failed, skipped + 1, unreachable, unknown, roundTrips, millis);
            case FAILED, INTERRUPTED -> new Recap(ok, changed, failed + 1, skipped, unreachable, unknown, roundTrips, millis);
            case UNKNOWN -> new Recap(ok, changed, failed, skipped, unreachable, unknown + 1, roundTrips, millis);
            case UNREACHABLE -> new Recap(ok, changed, failed, skipped, 1, unknown, roundTrips, millis);
        };
    }

    public Recap unreachableHost() { return new Recap(ok, changed, failed, skipped, 1, unknown, roundTrips, millis); }

    public Recap withCost(long trips, long ms) { return new Recap(ok, changed, failed, skipped, unreachable, unknown, trips, ms); }

    /** The JSON object of the recap: {@code ok, changed, failed, skipped, unreachable, unknown, roundTrips, millis}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok);
        m.put("changed", changed);
        m.put("failed", failed);
        m.put("skipped", skipped);
        m.put("unreachable", unreachable);
        m.put("unknown", unknown);
        m.put("roundTrips", roundTrips);
        m.put("millis", millis);
        return m;
    }
}
