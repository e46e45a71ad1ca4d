package org.omnileads.deploy.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's parameters as its journal keeps them, so {@code --resume} repeats them: never a secret.
 *
 * @param components selected component group names, empty for all
 */
public record Parameters(String action, boolean check, boolean diff, int forks, List<String> components, List<String> limit,
                         List<String> tags, Map<String, Object> extraVariables) {
    public Parameters {
        components = List.copyOf(components);
        limit = List.copyOf(limit);
        tags = List.copyOf(tags);
        extraVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraVariables));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("check", check);
        m.put("diff", diff);
        m.put("forks", forks);
        m.put("components", components);
        m.put("limit", limit);
        m.put("tags", tags);
        m.put("extraVariables", extraVariables);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Parameters fromMap(Map<String, Object> m) {
        return new Parameters((String) m.get("action"), Boolean.TRUE.equals(m.get("check")), Boolean.TRUE.equals(m.get("diff")),
                ((Number) m.getOrDefault("forks", (long) RunOptions.DEFAULT_FORKS)).intValue(),
                strings(m.get("components")), strings(m.get("limit")), strings(m.get("tags")),
                m.get("extraVariables") instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of());
    }

    static List<String> strings(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().map(String::valueOf).toList();
    }
}
