package org.omnileads.deploy.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handlers notified but not yet run, per host, kept in {@code STATE/pending-handlers.json} and
 * rewritten at once on every change: a run that fails (or is killed) after a change still runs
 * the handler on the next run, at the end of its role. Ansible loses them (ansible#4766).
 */
public final class PendingHandlers {
    /** File name inside the state directory. */
    public static final String FILE = "pending-handlers.json";

    /** One pending handler: its role and name. */
    public record Pending(String role, String handler) {}

    private final Path file;
    private final Map<String, Set<Pending>> byHost = new LinkedHashMap<>();

    private PendingHandlers(Path file) { this.file = file; }

    /** Reads the state directory's pending handlers; {@code stateDir} null keeps them in memory only. */
    public static PendingHandlers load(Path stateDir) {
        PendingHandlers p = new PendingHandlers(stateDir == null ? null : stateDir.resolve(FILE));
        if (p.file == null || !Files.exists(p.file)) return p;
        try {
            Object root = Json.parse(Files.readString(p.file, StandardCharsets.UTF_8));
            if (root instanceof Map<?, ?> m) {
                m.forEach((host, list) -> {
                    if (!(list instanceof List<?> l)) return;
                    for (Object o : l) {
                        if (o instanceof Map<?, ?> e && e.get("role") instanceof String r && e.get("handler") instanceof String h) {
                            p.byHost.computeIfAbsent(String.valueOf(host), k -> new LinkedHashSet<>()).add(new Pending(r, h));
                        }
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p.file, e);
        } catch (IllegalArgumentException e) {
            // A damaged file must not block every later run; the handlers it named are lost, as they would be in Ansible.
            p.byHost.clear();
        }
        return p;
    }

    /** Pending handler names of {@code role} on {@code host}. */
    public synchronized Set<String> of(String host, String role) {
        Set<String> out = new LinkedHashSet<>();
        for (Pending p : byHost.getOrDefault(host, Set.of())) if (p.role().equals(role)) out.add(p.handler());
        return out;
    }

    public synchronized List<Pending> all(String host) { return new ArrayList<>(byHost.getOrDefault(host, Set.of())); }

    public synchronized void add(String host, String role, String handler) {
        if (byHost.computeIfAbsent(host, k -> new LinkedHashSet<>()).add(new Pending(role, handler))) save();
    }

    public synchronized void remove(String host, String role, String handler) {
        Set<Pending> s = byHost.get(host);
        if (s != null && s.remove(new Pending(role, handler))) {
            if (s.isEmpty()) byHost.remove(host);
            save();
        }
    }

    private void save() {
        if (file == null) return;
        Map<String, Object> root = new LinkedHashMap<>();
        byHost.forEach((host, set) -> {
            List<Object> l = new ArrayList<>();
            for (Pending p : set) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("role", p.role());
                e.put("handler", p.handler());
                l.add(e);
            }
            root.put(host, l);
        });
        AtomicFile.write(file, Json.write(root) + "\n");
    }
}
