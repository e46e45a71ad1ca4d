package org.omnileads.deploy.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.tasks.ArgSpec;
import org.omnileads.deploy.tasks.ArgType;
import org.omnileads.deploy.tasks.Args;
import org.omnileads.deploy.tasks.BadArgument;
import org.omnileads.deploy.tasks.RoleFile;
import org.omnileads.deploy.tasks.SkippedTask;
import org.omnileads.deploy.tasks.Task;
import org.omnileads.deploy.tasks.TaskKind;
import org.omnileads.deploy.tasks.TaskKinds;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a task definition into a {@link Task} for one host: renders every string argument (and
 * the template a {@code template} task names) with the host's variables, converts the values to
 * their types, and lets the kind build the task.
 */
final class Binder {
    /** An argument that is exactly one variable keeps the variable's own type (a list stays a list). */
    private static final Pattern ONE_VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*\\}\\}");

    private Binder() {}

    /** Something went wrong at a line; turned into a problem by the caller. */
    private static final class Refused extends Exception {
        final int line;

        Refused(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /** Builds the task from fixed arguments only, to catch cross-argument mistakes at load time. */
    static void trial(TaskDefinition d, TaskKind kind) throws BadArgument {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        for (ArgSpec spec : kind.args()) {
            Node n = d.args().get(spec.name());
            Object v;
            if (n == null) {
                v = spec.fallback();
                if (v == null) continue;
            } else if (spec.type() == ArgType.ROLE_FILE) {
                v = RoleLoader.placeholder(((ScalarNode) n).getValue());
            } else if (n instanceof SequenceNode seq) {
                v = seq.getValue().stream().map(c -> ((ScalarNode) c).getValue()).toList();
            } else {
                v = ((ScalarNode) n).getValue();
            }
            Object converted = v instanceof RoleFile ? v : Args.convert(spec, v);
            values.put(spec.name(), converted);
            if (spec.type() == ArgType.SECRET) secrets.add((String) converted);
        }
        kind.factory().create(RoleLoader.spec(d, d.name()), new Args(kind.key(), values, secrets));
    }

    /** The task for these variables, or null after adding the reasons to {@code problems}. */
    static Task bind(RoleDefinition role, TaskDefinition d, Map<String, Object> vars, Problems problems) {
        RoleTemplates t = role.templates();
        String name;
        try {
            name = t.renderText(d.name(), vars, d.file(), d.line());
        } catch (RoleTemplates.Failure f) {
            problems.add(f.file, f.line, f.getMessage());
            return null;
        }
        if (d.when() != null) {
            try {
                if (!t.condition(d.when(), vars, d.file(), d.whenLine())) {
                    return new SkippedTask(RoleLoader.spec(d, name), "when: " + d.when() + " is false");
                }
            } catch (RoleTemplates.Failure f) {
                problems.add(f.file, f.line, "when: " + f.getMessage());
                return null;
            }
        }
        TaskKind kind = TaskKinds.get(d.kind());
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        boolean ok = true;
        for (ArgSpec spec : kind.args()) {
            Node n = d.args().get(spec.name());
            try {
                Object v;
                if (n == null) {
                    v = spec.fallback();
                    if (v == null) continue;
                } else if (spec.type() == ArgType.ROLE_FILE) {
                    v = roleFile(role, d, spec, (ScalarNode) n, vars);
                } else {
                    v = value(t, spec, n, vars, d.file());
                }
                Object converted = v instanceof RoleFile ? v : Args.convert(spec, v);
                values.put(spec.name(), converted);
                if (spec.type() == ArgType.SECRET) secrets.add((String) converted);
            } catch (RoleTemplates.Failure f) {
                problems.add(f.file, f.line, f.getMessage());
                ok = false;
            } catch (BadArgument b) {
                problems.add(d.file(), n == null ? d.kindLine() : YamlFile.line(n), d.kind() + ": " + b.getMessage());
                ok = false;
            } catch (Refused r) {
                problems.add(d.file(), r.line, r.getMessage());
                ok = false;
            }
        }
        if (!ok) return null;
        try {
            return kind.factory().create(RoleLoader.spec(d, name), new Args(kind.key(), values, secrets));
        } catch (BadArgument b) {
            Node at = b.argument() == null ? null : d.args().get(b.argument());
            problems.add(d.file(), at == null ? d.kindLine() : YamlFile.line(at), d.kind() + ": " + b.getMessage());
            return null;
        }
    }

    private static Object value(RoleTemplates t, ArgSpec spec, Node n, Map<String, Object> vars, String file)
            throws RoleTemplates.Failure, Refused {
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node c : seq.getValue()) {
                ScalarNode s = (ScalarNode) c;
                out.add(t.renderText(s.getValue(), vars, file, RoleLoader.firstLine(s)));
            }
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        String text = s.getValue();
        boolean typed = spec.type() == ArgType.LIST || spec.type() == ArgType.NAMES || spec.type() == ArgType.BOOL || spec.type() == ArgType.INT
                || spec.type() == ArgType.DATA;
        Matcher m = ONE_VARIABLE.matcher(text.strip());
        if (typed && m.matches()) {
            Object v = lookup(vars, m.group(1));
            if (v == MISSING) throw new Refused(YamlFile.line(s), "undefined variable " + m.group(1));
            if (v != null && !(v instanceof String)) return v;
        }
        return t.renderText(text, vars, file, RoleLoader.firstLine(s));
    }

    private static final Object MISSING = new Object();

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> vars, String dotted) {
        Object cur = vars;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(part)) return MISSING;
            cur = ((Map<String, Object>) m).get(part);
        }
        return cur;
    }

    private static RoleFile roleFile(RoleDefinition role, TaskDefinition d, ArgSpec spec, ScalarNode n, Map<String, Object> vars)
            throws RoleTemplates.Failure, Refused {
        String path = role.templates().renderText(n.getValue(), vars, d.file(), RoleLoader.firstLine(n)).strip();
        int line = YamlFile.line(n);
        String why = RoleLoader.refusedPath(path);
        if (why != null) throw new Refused(line, spec.name() + ": " + why);
        String rel = RoleFiles.normalize(path);
        if (spec.roleDir().equals("templates")) {
            if (!role.templates().has(rel)) throw new Refused(line, spec.name() + ": no file " + role.shownAs() + "/templates/" + rel);
            return new RoleFile(path, role.templates().renderFile(rel, vars));
        }
        byte[] bytes = role.files().get(rel);
        if (bytes == null) throw new Refused(line, spec.name() + ": no file " + role.shownAs() + "/files/" + rel);
        return new RoleFile(path, bytes);
    }
}
