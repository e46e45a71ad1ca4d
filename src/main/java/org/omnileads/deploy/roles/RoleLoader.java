package org.omnileads.deploy.roles;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnileads.deploy.tasks.ArgSpec;
import org.omnileads.deploy.tasks.ArgType;
import org.omnileads.deploy.tasks.Args;
import org.omnileads.deploy.tasks.BadArgument;
import org.omnileads.deploy.tasks.RoleFile;
import org.omnileads.deploy.tasks.TaskKind;
import org.omnileads.deploy.tasks.TaskKinds;
import org.omnileads.deploy.tasks.TaskSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a roles tree — the one inside the jar, or a folder given with {@code --roles DIR} — and
 * checks it whole before any host is touched: YAML syntax, the site's phases, every task's kind
 * and arguments, templates and files named by tasks, handlers named by {@code notify}. Every
 * problem found is reported together, each as {@code FILE:LINE: message}.
 *
 * <pre>
 * site.yaml              phases: [{role: NAME, on: all|omniapp|kamailio|asterisk|database|dialer}, ...]
 * NAME/tasks.yaml        list of tasks
 * NAME/handlers.yaml     list of handlers (tasks run once at the end of the role when notified)
 * NAME/defaults.yaml     variables, lowest precedence
 * NAME/templates/        Pebble templates
 * NAME/files/            files copied as they are
 * </pre>
 */
public final class RoleLoader {
    /** Where a phase may run: every host, or the host of one component. */
    public static final List<String> PLACES = List.of(Phase.ALL, "omniapp", "kamailio", "asterisk", "database", "dialer");
    /** Keys every task may have besides its kind. */
    static final List<String> TASK_KEYS = List.of("name", "tags", "notify", "when");

    private RoleLoader() {}

    /** The roles shipped inside the jar (or target/classes when run from a build). */
    public static Roles bundled() throws RoleException {
        Path location;
        try {
            location = Path.of(RoleLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new RoleException(List.of("roles: cannot find where the program is installed: " + e.getMessage()));
        }
        try {
            if (Files.isDirectory(location)) return load(location.resolve("roles"), "roles");
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return load(jar.getPath("/roles"), "roles");
            }
        } catch (IOException e) {
            throw new RoleException(List.of("roles: cannot read the bundled roles from " + location + ": " + e.getMessage()));
        }
    }

    /** The roles of a folder ({@code --roles DIR}). */
    public static Roles fromDirectory(Path dir) throws RoleException {
        return load(dir, dir.toString().replaceAll("/+$", ""));
    }

    /**
     * Loads the tree at {@code root}.
     *
     * @param shownAs how messages name the root, e.g. {@code roles}
     */
    public static Roles load(Path root, String shownAs) throws RoleException {
        if (!Files.isDirectory(root)) throw new RoleException(List.of(shownAs + ": no such folder"));
        RoleFiles files;
        try {
            files = RoleFiles.read(root);
        } catch (IOException e) {
            throw new RoleException(List.of(shownAs + ": cannot read: " + e.getMessage()));
        }
        return load(files, shownAs);
    }

    static LoadedRoles load(RoleFiles files, String shownAs) throws RoleException {
        Problems problems = new Problems();
        Map<String, RoleDefinition> roles = new LinkedHashMap<>();
        for (String name : files.folders()) roles.put(name, loadRole(files, shownAs, name, problems));
        List<Phase> site = loadSite(files, shownAs, roles.keySet(), problems);
        problems.throwIfAny();
        return new LoadedRoles(site, roles);
    }

    private static List<Phase> loadSite(RoleFiles files, String shownAs, Set<String> roleNames, Problems problems) {
        String file = shownAs + "/site.yaml";
        List<Phase> out = new ArrayList<>();
        byte[] bytes = files.get("site.yaml");
        // A tree without site.yaml has roles but no phases (the benchmark runs its role alone).
        if (bytes == null) return out;
        Node root = YamlFile.compose(file, bytes, problems);
        if (root == null || YamlFile.isNull(root)) return out;
        // Either a list of phases, or a mapping whose phases: holds that list.
        Node list = root;
        if (root instanceof MappingNode m) {
            Map<String, NodeTuple> top = YamlFile.entries(m);
            for (String k : top.keySet()) {
                if (!k.equals("phases")) problems.add(file, YamlFile.line(top.get(k).getKeyNode()), "unknown key " + k + Nearest.hint(k, List.of("phases")));
            }
            NodeTuple phases = top.get("phases");
            if (phases == null) {
                problems.add(file, YamlFile.line(root), "missing phases:");
                return out;
            }
            list = phases.getValueNode();
            if (YamlFile.isNull(list)) return out;
        }
        if (!(list instanceof SequenceNode seq)) {
            problems.add(file, YamlFile.line(list), "expected a list of phases: - {role: NAME, on: PLACE}");
            return out;
        }
        for (Node item : seq.getValue()) {
            int line = YamlFile.line(item);
            if (!(item instanceof MappingNode pm)) {
                problems.add(file, line, "a phase is a mapping {role: NAME, on: PLACE}");
                continue;
            }
            Map<String, NodeTuple> e = YamlFile.entries(pm);
            for (String k : e.keySet()) {
                if (!k.equals("role") && !k.equals("on")) problems.add(file, YamlFile.line(e.get(k).getKeyNode()), "unknown key " + k + " in a phase" + Nearest.hint(k, List.of("role", "on")));
            }
            String role = e.containsKey("role") ? YamlFile.text(e.get("role").getValueNode()) : null;
            String on = e.containsKey("on") ? YamlFile.text(e.get("on").getValueNode()) : null;
            if (role == null) {
                problems.add(file, line, "a phase needs role:");
            } else if (!roleNames.contains(role)) {
                problems.add(file, YamlFile.line(e.get("role").getValueNode()), "no role " + role + " (no folder " + shownAs + "/" + role + ")" + Nearest.hint(role, roleNames));
            }
            if (on == null) {
                problems.add(file, line, "a phase needs on: (one of " + String.join(", ", PLACES) + ")");
            } else if (!PLACES.contains(on)) {
                problems.add(file, YamlFile.line(e.get("on").getValueNode()), "on: " + on + " is not one of " + String.join(", ", PLACES) + Nearest.hint(on, PLACES));
            }
            if (role != null && on != null) out.add(new Phase(role, on, file, line));
        }
        return out;
    }

    private static RoleDefinition loadRole(RoleFiles files, String shownAs, String name, Problems problems) {
        String dir = shownAs + "/" + name;
        Map<String, String> templates = new LinkedHashMap<>();
        for (var t : files.under(name + "/templates").entrySet()) {
            try {
                templates.put(t.getKey(), StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(t.getValue())).toString());
            } catch (CharacterCodingException e) {
                problems.add(dir + "/templates/" + t.getKey(), 1, "not UTF-8 text (put binary files in files/ and use copy)");
            }
        }
        RoleTemplates engine = new RoleTemplates(templates, dir + "/templates");
        for (String t : templates.keySet()) {
            try {
                engine.compile(t);
            } catch (RoleTemplates.Failure f) {
                problems.add(f.file, f.line, f.getMessage());
            }
        }
        Map<String, byte[]> roleFiles = files.under(name + "/files");

        Map<String, Object> defaults = new LinkedHashMap<>();
        Map<String, Integer> defaultLines = new LinkedHashMap<>();
        byte[] d = files.get(name + "/defaults.yaml");
        if (d != null) {
            String file = dir + "/defaults.yaml";
            Node n = YamlFile.compose(file, d, problems);
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String k = YamlFile.text(t.getKeyNode());
                    if (k == null || !k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        problems.add(file, YamlFile.line(t.getKeyNode()), "a variable name is letters, digits and _, not starting with a digit");
                        continue;
                    }
                    defaults.put(k, YamlFile.value(t.getValueNode()));
                    defaultLines.put(k, YamlFile.line(t.getKeyNode()));
                    checkInlineTemplates(engine, t.getValueNode(), file, problems);
                }
            } else if (n != null && !YamlFile.isNull(n)) {
                problems.add(file, YamlFile.line(n), "expected a mapping of variables");
            }
        }

        List<TaskDefinition> tasks = new ArrayList<>();
        byte[] t = files.get(name + "/tasks.yaml");
        if (t == null) {
            problems.add(dir + "/tasks.yaml", "missing (every role folder needs a tasks.yaml)");
        } else {
            tasks = loadTasks(dir + "/tasks.yaml", t, name, false, files, engine, problems);
        }
        List<TaskDefinition> handlers = new ArrayList<>();
        byte[] h = files.get(name + "/handlers.yaml");
        if (h != null) handlers = loadTasks(dir + "/handlers.yaml", h, name, true, files, engine, problems);

        Map<String, TaskDefinition> byName = new LinkedHashMap<>();
        for (TaskDefinition hd : handlers) {
            if (byName.putIfAbsent(hd.name(), hd) != null) problems.add(hd.file(), hd.line(), "a second handler named " + hd.name());
        }
        for (TaskDefinition td : tasks) {
            for (String n : td.notifies()) {
                if (!byName.containsKey(n)) {
                    problems.add(td.file(), td.line(), "notifies handler " + n + ", which " + dir + "/handlers.yaml does not define" + Nearest.hint(n, byName.keySet()));
                }
            }
        }
        for (TaskDefinition hd : handlers) {
            if (!hd.notifies().isEmpty()) problems.add(hd.file(), hd.line(), "a handler cannot notify other handlers");
        }
        return new RoleDefinition(name, dir, defaults, defaultLines, tasks, handlers, roleFiles, engine);
    }

    private static void checkInlineTemplates(RoleTemplates engine, Node n, String file, Problems problems) {
        if (n instanceof ScalarNode s) {
            try {
                engine.compileText(s.getValue(), file, firstLine(s));
            } catch (RoleTemplates.Failure f) {
                problems.add(f.file, f.line, f.getMessage());
            }
        } else if (n instanceof SequenceNode seq) {
            for (Node c : seq.getValue()) checkInlineTemplates(engine, c, file, problems);
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) checkInlineTemplates(engine, t.getValueNode(), file, problems);
        }
    }

    /** The file line of a scalar's first text line: block scalars (| and >) start below their indicator. */
    static int firstLine(ScalarNode s) {
        int line = YamlFile.line(s);
        return switch (s.getScalarStyle()) {
            case LITERAL, FOLDED -> line + 1;
            default -> line;
        };
    }

    private static List<TaskDefinition> loadTasks(String file, byte[] bytes, String role, boolean handlers, RoleFiles files,
                                                  RoleTemplates engine, Problems problems) {
        List<TaskDefinition> out = new ArrayList<>();
        Node root = YamlFile.compose(file, bytes, problems);
        if (root == null || YamlFile.isNull(root)) return out;
        if (!(root instanceof SequenceNode seq)) {
            problems.add(file, YamlFile.line(root), "expected a list of " + (handlers ? "handlers" : "tasks"));
            return out;
        }
        List<String> allKeys = new ArrayList<>(TASK_KEYS);
        for (TaskKind k : TaskKinds.all()) allKeys.add(k.key());
        for (Node item : seq.getValue()) {
            TaskDefinition d = loadTask(file, item, role, handlers, allKeys, files, engine, problems);
            if (d != null) out.add(d);
        }
        return out;
    }

    private static TaskDefinition loadTask(String file, Node item, String role, boolean handler, List<String> allKeys, RoleFiles files,
                                           RoleTemplates engine, Problems problems) {
        int line = YamlFile.line(item);
        if (!(item instanceof MappingNode m)) {
            problems.add(file, line, "a " + (handler ? "handler" : "task") + " is a mapping: name, one kind with its arguments, and optionally tags, notify, when");
            return null;
        }
        Map<String, NodeTuple> e = YamlFile.entries(m);
        List<String> kinds = new ArrayList<>();
        boolean bad = false;
        for (var entry : e.entrySet()) {
            String k = entry.getKey();
            if (TASK_KEYS.contains(k)) continue;
            if (TaskKinds.get(k) != null) {
                kinds.add(k);
            } else {
                problems.add(file, YamlFile.line(entry.getValue().getKeyNode()), "unknown task kind " + k + Nearest.hint(k, allKeys));
                bad = true;
            }
        }
        String name = e.containsKey("name") ? YamlFile.text(e.get("name").getValueNode()) : null;
        if (name == null || name.isBlank()) {
            problems.add(file, line, "a " + (handler ? "handler" : "task") + " needs a name:");
            bad = true;
        } else {
            check(engine, name, file, YamlFile.line(e.get("name").getValueNode()), problems);
        }
        if (kinds.size() > 1) {
            problems.add(file, line, "one task, one kind: this one has " + String.join(" and ", kinds));
            return null;
        }
        if (kinds.isEmpty()) {
            if (!bad) problems.add(file, line, "no task kind (one of: " + String.join(", ", TaskKinds.all().stream().map(TaskKind::key).toList()) + ")");
            return null;
        }
        String kindKey = kinds.get(0);
        TaskKind kind = TaskKinds.get(kindKey);
        NodeTuple kindEntry = e.get(kindKey);
        int kindLine = YamlFile.line(kindEntry.getKeyNode());

        List<String> tags = stringList(file, e.get("tags"), "tags", problems);
        List<String> notifies = stringList(file, e.get("notify"), "notify", problems);
        if (handler && e.containsKey("tags")) problems.add(file, YamlFile.line(e.get("tags").getKeyNode()), "handlers have no tags (they run when notified)");
        String when = null;
        int whenLine = 0;
        if (e.containsKey("when")) {
            Node w = e.get("when").getValueNode();
            whenLine = YamlFile.line(w);
            when = YamlFile.text(w);
            if (when == null || when.isBlank() || w instanceof MappingNode || w instanceof SequenceNode) {
                problems.add(file, whenLine, "when: expected a condition, e.g. when: \"dialer_enabled\"");
                when = null;
            } else {
                try {
                    engine.compileText("{% if " + when + " %}{% endif %}", file, whenLine);
                } catch (RoleTemplates.Failure f) {
                    problems.add(f.file, f.line, "when: " + f.getMessage());
                }
            }
        }

        Map<String, Node> args = new LinkedHashMap<>();
        Node argsNode = kindEntry.getValueNode();
        if (argsNode instanceof MappingNode am) {
            for (NodeTuple t : am.getValue()) {
                String a = YamlFile.text(t.getKeyNode());
                if (a == null) continue;
                if (kind.arg(a) == null) {
                    List<String> names = kind.args().stream().map(ArgSpec::name).toList();
                    problems.add(file, YamlFile.line(t.getKeyNode()), "unknown argument " + a + " of " + kindKey + Nearest.hint(a, names)
                            + " (arguments: " + String.join(", ", names) + ")");
                    bad = true;
                    continue;
                }
                if (!YamlFile.isNull(t.getValueNode())) args.put(a, t.getValueNode());
            }
        } else if (!YamlFile.isNull(argsNode)) {
            problems.add(file, YamlFile.line(argsNode), kindKey + ": expected its arguments as a mapping, e.g. " + kindKey + ": {"
                    + kind.args().get(0).name() + ": ...}");
            return null;
        }
        for (ArgSpec a : kind.args()) {
            if (a.required() && !args.containsKey(a.name())) {
                problems.add(file, kindLine, kindKey + ": missing argument " + a.name() + " (" + a.help() + ")");
                bad = true;
            }
        }
        String roleDir = file.substring(0, file.lastIndexOf('/'));
        boolean literal = true;
        for (var a : args.entrySet()) {
            ArgSpec spec = kind.arg(a.getKey());
            if (!checkArg(spec, a.getValue(), file, roleDir, role, files, engine, problems)) bad = true;
            if (containsTemplate(a.getValue())) literal = false;
        }
        TaskDefinition d = new TaskDefinition(role, file, line, name == null ? "" : name, kindKey, kindLine, tags, notifies, when, whenLine, args);
        if (!bad && literal) {
            // Every argument is fixed text: build the task now, so cross-argument mistakes show before any host.
            try {
                Binder.trial(d, kind);
            } catch (BadArgument b) {
                Node at = b.argument() == null ? null : args.get(b.argument());
                problems.add(file, at == null ? kindLine : YamlFile.line(at), kindKey + ": " + b.getMessage());
            }
        }
        return d;
    }

    private static boolean containsTemplate(Node n) {
        if (n instanceof ScalarNode s) return RoleTemplates.isTemplate(s.getValue());
        if (n instanceof SequenceNode seq) return seq.getValue().stream().anyMatch(RoleLoader::containsTemplate);
        return false;
    }

    /** Checks one argument as far as it can be before binding; false when a problem was added. */
    private static boolean checkArg(ArgSpec spec, Node n, String file, String roleDir, String role, RoleFiles files, RoleTemplates engine,
                                    Problems problems) {
        int line = YamlFile.line(n);
        boolean list = spec.type() == ArgType.LIST || spec.type() == ArgType.NAMES;
        if (n instanceof MappingNode) {
            problems.add(file, line, spec.name() + ": expected " + (list ? "a list" : "a single value") + ", not a mapping");
            return false;
        }
        if (n instanceof SequenceNode seq) {
            if (!list) {
                problems.add(file, line, spec.name() + ": expected a single value, not a list");
                return false;
            }
            boolean ok = true;
            for (Node c : seq.getValue()) {
                if (!(c instanceof ScalarNode cs)) {
                    problems.add(file, YamlFile.line(c), spec.name() + ": expected a list of plain values");
                    ok = false;
                } else if (!check(engine, cs, file, problems)) {
                    ok = false;
                } else if (!RoleTemplates.isTemplate(cs.getValue())) {
                    ok &= convert(spec, cs.getValue(), file, YamlFile.line(cs), problems);
                }
            }
            return ok;
        }
        ScalarNode s = (ScalarNode) n;
        if (!check(engine, s, file, problems)) return false;
        if (RoleTemplates.isTemplate(s.getValue())) return true;
        if (spec.type() == ArgType.ROLE_FILE) return checkRoleFile(spec, s.getValue(), file, line, roleDir, role, files, problems);
        return convert(spec, s.getValue(), file, line, problems);
    }

    private static boolean check(RoleTemplates engine, ScalarNode s, String file, Problems problems) {
        return check(engine, s.getValue(), file, firstLine(s), problems);
    }

    private static boolean check(RoleTemplates engine, String text, String file, int line, Problems problems) {
        try {
            engine.compileText(text, file, line);
            return true;
        } catch (RoleTemplates.Failure f) {
            problems.add(f.file, f.line, f.getMessage());
            return false;
        }
    }

    private static boolean convert(ArgSpec spec, String raw, String file, int line, Problems problems) {
        try {
            Args.convert(spec, raw);
            return true;
        } catch (BadArgument b) {
            problems.add(file, line, b.getMessage());
            return false;
        }
    }

    /** A copy/template source: relative, without {@code ..}, and present in the role. */
    static boolean checkRoleFile(ArgSpec spec, String path, String file, int line, String roleDir, String role, RoleFiles files, Problems problems) {
        String why = refusedPath(path);
        if (why != null) {
            problems.add(file, line, spec.name() + ": " + why);
            return false;
        }
        String normalized = RoleFiles.normalize(path);
        if (!files.has(role + "/" + spec.roleDir() + "/" + normalized)) {
            problems.add(file, line, spec.name() + ": no file " + roleDir + "/" + spec.roleDir() + "/" + normalized);
            return false;
        }
        return true;
    }

    /** Why a role-file path is refused, or null when it is fine. */
    static String refusedPath(String path) {
        if (path.startsWith("/")) return path + " is absolute; give a path inside the role's folder";
        for (String part : path.split("/")) {
            if (part.equals("..")) return path + " climbs out with ..; a role reads only its own files";
        }
        if (RoleFiles.normalize(path) == null) return "\"" + path + "\" is not a file path";
        return null;
    }

    private static List<String> stringList(String file, NodeTuple t, String key, Problems problems) {
        if (t == null) return List.of();
        Node n = t.getValueNode();
        Set<String> out = new LinkedHashSet<>();
        if (n instanceof ScalarNode s) {
            if (!YamlFile.isNull(s)) out.add(s.getValue());
        } else if (n instanceof SequenceNode seq) {
            for (Node c : seq.getValue()) {
                if (c instanceof ScalarNode cs) {
                    out.add(cs.getValue());
                } else {
                    problems.add(file, YamlFile.line(c), key + ": expected names");
                }
            }
        } else {
            problems.add(file, YamlFile.line(n), key + ": expected a name or a list of names");
        }
        return List.copyOf(out);
    }

    /** The spec a bound task carries. */
    static TaskSpec spec(TaskDefinition d, String renderedName) {
        return new TaskSpec(d.role(), renderedName, d.kind(), d.file(), d.line(), d.tags(), d.notifies());
    }

    /** Placeholder content for trial builds, where only the arguments' shape matters. */
    static RoleFile placeholder(String path) { return new RoleFile(path, new byte[0]); }
}
