package org.omnileads.deploy.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.preflight.Check;
import org.omnileads.deploy.preflight.Preflight;
import org.omnileads.deploy.run.Json;

/** Renders preflight checks as one table, or as JSON for {@code --json}. */
final class PreflightReport {
    private PreflightReport() {}

    static boolean blocks(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.result() == Check.Result.FAIL);
    }

    static void table(List<Check> checks, Terminal t) {
        t.println(String.format("%-14s %-20s %-5s %s", "HOST", "CHECK", "", "FOUND / WHAT TO DO"));
        for (Check c : checks) {
            String mark = switch (c.result()) {
                case OK -> "ok";
                case WARN -> "WARN";
                case FAIL -> "FAIL";
            };
            t.println(String.format("%-14s %-20s %-5s %s", c.host(), c.name(), mark, c.detail()));
            if (!c.fix().isEmpty() && c.result() != Check.Result.OK) t.println(String.format("%-41s -> %s", "", c.fix()));
        }
        long fails = checks.stream().filter(c -> c.result() == Check.Result.FAIL).count();
        long warns = checks.stream().filter(c -> c.result() == Check.Result.WARN).count();
        List<String> unchecked = unchecked(checks);
        t.println("preflight: " + (fails == 0 ? "every host checked, nothing blocks" : fails + " failure(s) block the install")
                + (unchecked.isEmpty() ? "" : ", " + unchecked.size() + " host(s) not checked: " + String.join(", ", unchecked))
                + ", " + warns + " warning(s)");
    }

    /** The hosts that could not be logged in to, so none of their checks ran. */
    static List<String> unchecked(List<Check> checks) {
        return checks.stream().filter(c -> c.name().equals(Preflight.LOGIN) && c.result() == Check.Result.FAIL).map(Check::host).toList();
    }

    static String json(List<Check> checks) {
        List<Object> rows = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", c.host());
            m.put("check", c.name());
            m.put("result", c.result().name().toLowerCase());
            m.put("detail", c.detail());
            m.put("fix", c.fix());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", org.omnileads.deploy.run.JsonEvents.SCHEMA_VERSION);
        out.put("event", "preflight");
        out.put("ok", !blocks(checks));
        out.put("unchecked_hosts", unchecked(checks));
        out.put("checks", rows);
        return Json.write(out);
    }
}
