package org.omnileads.deploy.roles;

import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One role YAML file composed to nodes (SnakeYAML, safe: no custom tags, no object
 * construction), so every value keeps its line for messages.
 */
final class YamlFile {
    private YamlFile() {}

    /** Composes {@code bytes}; a syntax error is added to {@code problems} and null returned. An empty file gives null too. */
    static Node compose(String file, byte[] bytes, Problems problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(file, 1, "not UTF-8 text");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMergeOnCompose(true);
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Node n = yaml.compose(new StringReader(text));
            if (n != null) checkDuplicates(file, n, problems, new HashSet<>());
            return n;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 1 : m.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(file, line, "YAML syntax: " + what + context);
            return null;
        } catch (YAMLException e) {
            problems.add(file, 1, "YAML: " + e.getMessage());
            return null;
        }
    }

    private static void checkDuplicates(String file, Node n, Problems problems, Set<Node> seen) {
        if (!seen.add(n)) return;
        if (n instanceof MappingNode m) {
            Set<String> keys = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && !keys.add(k.getValue())) {
                    problems.add(file, line(k), "duplicate key " + k.getValue());
                }
                checkDuplicates(file, t.getValueNode(), problems, seen);
            }
        } else if (n instanceof SequenceNode s) {
            for (Node c : s.getValue()) checkDuplicates(file, c, problems, seen);
        }
    }

    static int line(Node n) { return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1; }

    /** A scalar's text; null for a YAML null. */
    static String text(Node n) {
        if (!(n instanceof ScalarNode s)) return null;
        if (s.getTag().equals(Tag.NULL) && s.isPlain()) return null;
        return s.getValue();
    }

    static boolean isNull(Node n) { return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.isPlain(); }

    /** The key/value pairs of a mapping, keys as written. */
    static Map<String, NodeTuple> entries(MappingNode m) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.putIfAbsent(k.getValue(), t);
        }
        return out;
    }

    /**
     * A node as plain Java: String, Long, Double, Boolean, null, List, Map. Plain scalars like
     * 0640 stay text, so a mode written in defaults means what it says (YAML 1.1 would read octal).
     */
    static Object value(Node n) {
        if (n instanceof ScalarNode s) {
            if (!s.isPlain()) return s.getValue();
            Tag t = s.getTag();
            String v = s.getValue();
            if (t.equals(Tag.NULL)) return null;
            if (t.equals(Tag.BOOL)) {
                return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    default -> Boolean.FALSE;
                };
            }
            if (t.equals(Tag.INT)) {
                if (v.matches("0[0-9_]+")) return v;
                try {
                    return Long.parseLong(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            if (t.equals(Tag.FLOAT)) {
                try {
                    return Double.parseDouble(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            return v;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node c : s.getValue()) out.add(value(c));
            return out;
        }
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : String.valueOf(value(t.getKeyNode()));
                out.put(k, value(t.getValueNode()));
            }
            return out;
        }
        return null;
    }
}
