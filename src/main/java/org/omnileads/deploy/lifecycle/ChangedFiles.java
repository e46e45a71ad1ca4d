package org.omnileads.deploy.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.run.Event;
import org.omnileads.deploy.run.Subscriber;
import org.omnileads.deploy.run.TaskStatus;

/**
 * Collects, per host, the files a run rewrote and the services its handlers restarted or
 * reloaded, from the run's events: what {@code deploy --change-network} and the other lifecycle
 * actions print at the end. Files are recognised by the summaries of the file kinds
 * (template, file, copy, line, block): {@code create PATH}, {@code update PATH},
 * {@code remove PATH}, {@code set ... in PATH}, {@code edit PATH}.
 */
public final class ChangedFiles implements Subscriber {
    private static final Pattern FILE = Pattern.compile(
            "^(?:create|update|remove|edit|replace \\S+) (/\\S+)|^(?:set|remove) .* in (/\\S+)");

    private final Map<String, Set<String>> files = new LinkedHashMap<>();
    private final Map<String, Set<String>> handlers = new LinkedHashMap<>();

    @Override
    public void on(Event event) {
        if (event instanceof Event.RunStarted s) {
            for (String h : s.hosts()) {
                files.put(h, new LinkedHashSet<>());
                handlers.put(h, new LinkedHashSet<>());
            }
        }
        if (!(event instanceof Event.TaskFinished f) || f.status() != TaskStatus.CHANGED || f.resumed()) return;
        if (f.handler()) {
            handlers.computeIfAbsent(f.host(), k -> new LinkedHashSet<>()).add(f.task());
            return;
        }
        String path = pathOf(f.summary());
        if (path != null) files.computeIfAbsent(f.host(), k -> new LinkedHashSet<>()).add(path);
    }

    /** The file a changed task's summary names, or null when it is not a file rewrite. Pure. */
    static String pathOf(String summary) {
        if (summary == null || summary.startsWith("create folder")) return null;
        Matcher m = FILE.matcher(summary);
        if (!m.find()) return null;
        String p = m.group(1) != null ? m.group(1) : m.group(2);
        return p.endsWith(",") || p.endsWith(":") ? p.substring(0, p.length() - 1) : p;
    }

    /** Files rewritten per host, in inventory order (hosts with none included). */
    public Map<String, List<String>> files() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        files.forEach((h, s) -> out.put(h, List.copyOf(s)));
        return out;
    }

    /** Handlers that ran per host (restarts and reloads), in the order they ran. */
    public Map<String, List<String>> handlers() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        handlers.forEach((h, s) -> out.put(h, List.copyOf(s)));
        return out;
    }

    /** The report: per host, what was rewritten and restarted. */
    public List<String> report() {
        List<String> out = new ArrayList<>();
        for (String host : files.keySet()) {
            List<String> f = List.copyOf(files.get(host));
            List<String> h = List.copyOf(handlers.getOrDefault(host, Set.of()));
            if (f.isEmpty() && h.isEmpty()) {
                out.add(host + ": nothing rewritten");
                continue;
            }
            String files = f.isEmpty() ? "no file rewritten" : f.size() + " file(s) rewritten";
            out.add(host + ": " + files + (h.isEmpty() ? "" : "; " + String.join(", ", h)));
            for (String p : f) out.add("    " + p);
        }
        return out;
    }
}
