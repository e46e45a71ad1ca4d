package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a probe printed, read as {@code key=value} lines (split at the first {@code =}).
 * A key may repeat; {@link #get} gives the last value, {@link #all} every value in order.
 */
public final class Facts {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Facts() {}

    public static Facts parse(String output) {
        Facts f = new Facts();
        if (output == null) return f;
        for (String line : output.split("\n", -1)) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            f.values.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return f;
    }

    /** The last value of {@code key}, or null. */
    public String get(String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(v.size() - 1);
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public List<String> all(String key) { return List.copyOf(values.getOrDefault(key, List.of())); }

    public boolean has(String key) { return values.containsKey(key); }

    /** True when {@code key} was printed with exactly {@code value}. */
    public boolean is(String key, String value) { return value.equals(get(key)); }
}
