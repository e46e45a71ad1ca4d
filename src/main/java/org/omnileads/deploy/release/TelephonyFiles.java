package org.omnileads.deploy.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.tasks.CopyTask;
import org.omnileads.deploy.tasks.FileAttributes;
import org.omnileads.deploy.tasks.ReleaseFilesTask;
import org.omnileads.deploy.tasks.Task;
import org.omnileads.deploy.tasks.TaskSpec;
import org.omnileads.deploy.tasks.TemplateTask;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a release's own installer task file (e.g. {@code deploy/ansible/roles/asterisk/tasks/
 * configuration.yml}) and turns its {@code copy} and {@code template} tasks into this deployer's
 * file tasks: the same source files, the same destinations, rendered with the same variables.
 * That task file is the contract: a file a later release adds to its lists is installed without a
 * change here. Tasks of other modules (links, services, packages, archives) are the deployer's
 * roles' business and are not read; only destinations under {@code only_under} are taken.
 */
public final class TelephonyFiles {
    private static final Pattern KV = Pattern.compile("(\\w+)=((?:\"[^\"]*\"|'[^']*'|\\{\\{.*?\\}\\}|\\S)+)");
    /** Where the release's tasks expect the release tree: rendered as this marker and mapped back. */
    static final String REPO = "@release";

    private final Release release;
    private final AnsibleTemplates templates;

    public TelephonyFiles(Release release) {
        this.release = release;
        this.templates = new AnsibleTemplates(release);
    }

    /** One file to place: where it comes from, where it goes, and how. */
    public record Placement(String source, String dest, boolean render, boolean createOnce, String owner, String group, Integer mode) {}

    /** The placements the task file describes, for these variables; failures name the release file and line. */
    public List<Placement> placements(ReleaseFilesTask t, Map<String, Object> vars) throws AnsibleTemplates.Failure {
        String file = t.tasks();
        String yaml = release.text(file);
        if (yaml == null) throw new AnsibleTemplates.Failure(release.where(file), 1, "the release has no such file: it is not a whole release tree");
        List<Object> tasks;
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            tasks = doc instanceof List<?> l ? new ArrayList<>(l) : List.of();
        } catch (RuntimeException e) {
            throw new AnsibleTemplates.Failure(release.where(file), 1, "cannot read it as YAML: " + e.getMessage());
        }
        String roleDir = file.contains("/tasks/") ? file.substring(0, file.indexOf("/tasks/") + 1) : "";
        String playbookDir = roleDir.contains("roles/") ? roleDir.substring(0, roleDir.indexOf("roles/")) : "";
        List<Placement> out = new ArrayList<>();
        int index = 0;
        for (Object o : tasks) {
            index++;
            if (!(o instanceof Map<?, ?> task)) continue;
            String module = task.containsKey("template") ? "template" : task.containsKey("copy") ? "copy"
                    : task.containsKey("file") ? "file" : null;
            if (module == null) continue;
            int line = lineOf(yaml, index);
            Map<String, String> args = args(task.get(module));
            // a link to a file of the release tree on the host: here the file itself is placed (a copy)
            if (module.equals("file") && !"link".equals(args.get("state"))) continue;
            List<Object> items = task.get("with_items") instanceof List<?> l ? new ArrayList<>(l) : java.util.Collections.singletonList(null);
            for (Object item : items) {
                Map<String, Object> v = withRepo(vars);
                if (item != null) v.put("item", item);
                Object when = task.get("when");
                if (when != null && !templates.condition(String.valueOf(when), v, file, line)) continue;
                String src = templates.renderText(args.getOrDefault("src", ""), v, file, line);
                String dest = templates.renderText(args.getOrDefault("dest", ""), v, file, line);
                if (t.releaseAt() != null && src.startsWith(t.releaseAt())) src = REPO + "/" + src.substring(t.releaseAt().length()).replaceFirst("^/+", "");
                if (module.equals("file") && !src.startsWith(REPO + "/")) continue;
                String source = source(src, roleDir, playbookDir, module);
                if (source == null || dest.isBlank()) continue;
                String owner = t.owner() != null ? t.owner() : blankToNull(templates.renderText(args.getOrDefault("owner", ""), v, file, line));
                String group = t.group() != null ? t.group() : blankToNull(templates.renderText(args.getOrDefault("group", ""), v, file, line));
                Integer mode = mode(templates.renderText(args.getOrDefault("mode", ""), v, file, line));
                if (source.endsWith("/")) {
                    for (String f : release.under(source)) {
                        String d = join(dest, f.substring(source.length()));
                        if (taken(t, d)) out.add(new Placement(f, d, module.equals("template"), createOnce(t, f), owner, group, mode));
                    }
                } else {
                    String d = dest.endsWith("/") ? join(dest, source.substring(source.lastIndexOf('/') + 1)) : dest;
                    if (!taken(t, d)) continue;
                    if (!release.has(source)) {
                        throw new AnsibleTemplates.Failure(release.where(file), line, "the task names " + source + ", which the release lacks");
                    }
                    out.add(new Placement(source, d, module.equals("template"), createOnce(t, source), owner, group, mode));
                }
            }
        }
        return out;
    }

    /**
     * The file tasks for these placements: templates rendered, adaptations applied, attributes set.
     * Each task's name says which release file it is.
     */
    public List<Task> tasks(ReleaseFilesTask t, Map<String, Object> vars) throws AnsibleTemplates.Failure {
        List<Task> out = new ArrayList<>();
        Map<String, Placement> byDest = new LinkedHashMap<>();
        for (Placement p : placements(t, vars)) byDest.put(p.dest(), p);   // a later task placing the same file wins, as in Ansible
        Map<String, Object> v = withRepo(vars);
        for (Placement p : byDest.values()) {
            byte[] bytes = p.render() ? templates.render(p.source(), v) : release.bytes(p.source());
            bytes = Adaptations.apply(t.adapt(), p.dest(), bytes);
            Integer mode = p.dest().startsWith(t.confDir().endsWith("/") ? t.confDir() : t.confDir() + "/") ? Integer.valueOf(t.confMode()) : p.mode();
            FileAttributes attrs = new FileAttributes(p.owner(), p.group(), mode);
            String name = (p.createOnce() ? "created once: " : "") + p.dest().substring(p.dest().lastIndexOf('/') + 1)
                    + " from the release's " + p.source();
            TaskSpec spec = new TaskSpec(t.spec().role(), name, p.render() ? "template" : "copy", t.spec().file(), t.spec().line(),
                    t.spec().tags(), t.spec().notifies());
            out.add(p.render() ? new TemplateTask(spec, p.dest(), bytes, attrs, !p.createOnce())
                    : new CopyTask(spec, p.dest(), bytes, attrs, !p.createOnce()));
        }
        return out;
    }

    /** The variables with {@code repo_location}, the release tree as the tasks name it. */
    private static Map<String, Object> withRepo(Map<String, Object> vars) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put("repo_location", REPO);
        return v;
    }

    private static boolean taken(ReleaseFilesTask t, String dest) {
        for (String u : t.onlyUnder()) {
            String dir = u.endsWith("/") ? u : u + "/";
            if (dest.startsWith(dir) && !dest.substring(dir.length()).contains("/..")) return true;
        }
        return false;
    }

    private static boolean createOnce(ReleaseFilesTask t, String source) {
        for (String f : t.createOnceFrom()) if (source.startsWith(f)) return true;
        return false;
    }

    /** The release path a task's src names, or null when it is not in the release. */
    private static String source(String src, String roleDir, String playbookDir, String module) {
        if (src.startsWith(REPO + "/")) return src.substring(REPO.length() + 1);
        if (src.isBlank() || src.startsWith("/")) return null;
        if (src.startsWith("roles/")) return playbookDir + src;
        // Ansible looks for a relative src in the role's templates/ (template) or files/ (copy) folder, or the role folder.
        if (src.startsWith("templates/") || src.startsWith("files/")) return roleDir + src;
        return roleDir + (module.equals("template") ? "templates/" : "files/") + src;
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }

    private static Integer mode(String s) {
        if (s == null || s.isBlank()) return null;
        String m = s.strip();
        if (!m.matches("0?[0-7]{3,4}")) return null;
        return Integer.parseInt(m, 8);
    }

    /** "k=v k2=v2" (Ansible's free-form arguments), or a map. */
    static Map<String, String> args(Object a) {
        Map<String, String> out = new LinkedHashMap<>();
        if (a instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            return out;
        }
        Matcher m = KV.matcher(String.valueOf(a));
        while (m.find()) {
            String v = m.group(2);
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) v = v.substring(1, v.length() - 1);
            out.put(m.group(1), v);
        }
        return out;
    }

    /** The line of the task's module key in the file, by order of the tasks (good enough for messages). */
    private static int lineOf(String yaml, int index) {
        String[] lines = yaml.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("- ")) {
                seen++;
                if (seen == index) return i + 1;
            }
        }
        return 1;
    }
}
