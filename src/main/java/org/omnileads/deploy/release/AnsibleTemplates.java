package org.omnileads.deploy.release;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.omnileads.deploy.roles.RoleTemplateLoader;
import org.omnileads.deploy.roles.RoleTemplates;

/**
 * Renders a release's Jinja2 templates the way its installer's Ansible template module did:
 * {@code trim_blocks} (the newline after a block tag is dropped), no escaping, and strict: a
 * variable the deployer cannot supply is an error naming the release file and line, never an
 * empty string. Pebble reads the Jinja2 subset these templates use ({@code {% if a == "x" and b
 * is not defined %}}, {@code {{ x.y }}}, {@code x.split("/")[0] | lower}); a template using more
 * fails here, on the workstation, with its file and line.
 */
public final class AnsibleTemplates {
    private final Release release;
    private final PebbleEngine engine;
    /** Per release file: the original line of each translated line (trim_blocks joins lines). */
    private final Map<String, int[]> lines = new HashMap<>();

    /** A template that cannot be rendered: the release file, its line, why. */
    public static final class Failure extends Exception {
        public final String file;
        public final int line;

        Failure(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
            this.file = file;
            this.line = line;
        }
    }

    public AnsibleTemplates(Release release) {
        this.release = release;
        Map<String, String> texts = new HashMap<>();
        release.files().forEach((k, v) -> {
            Translated t = translate(new String(v, StandardCharsets.UTF_8));
            texts.put(k, t.text());
            lines.put(k, t.originalLines());
        });
        this.engine = new PebbleEngine.Builder()
                .loader(new RoleTemplateLoader(texts))
                .strictVariables(true)
                .autoEscaping(false)
                // Pebble's trimming also eats the newline after {{ x }}; Jinja2's trim_blocks only after block tags (translate)
                .newLineTrimming(false)
                .cacheActive(false)
                .build();
    }

    /**
     * A Jinja2 template as Pebble reads it the way Ansible rendered it: {@code elif} spelled
     * {@code elseif}, and {@code trim_blocks}: the one newline right after a block tag
     * ({@code %}}) or a comment ({@code #}}) is dropped. {@code originalLines[i]} is the
     * original line of translated line {@code i + 1}, for messages.
     */
    record Translated(String text, int[] originalLines) {}

    static Translated translate(String jinja) {
        String t = ELIF.matcher(jinja).replaceAll("{%$1 elseif");
        StringBuilder out = new StringBuilder(t.length());
        java.util.List<Integer> map = new java.util.ArrayList<>();
        int original = 1;
        map.add(original);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean tagEnd = i > 0 && (t.charAt(i - 1) == '%' || t.charAt(i - 1) == '#') && c == '}';
            out.append(c);
            if (c == '\n') {
                original++;
                map.add(original);
            }
            if (tagEnd) {
                int skip = t.startsWith("\r\n", i + 1) ? 2 : t.startsWith("\n", i + 1) ? 1 : 0;
                if (skip > 0) {
                    original++;
                    i += skip;
                }
            }
        }
        return new Translated(out.toString(), map.stream().mapToInt(Integer::intValue).toArray());
    }

    private int originalLine(String path, int line) {
        int[] m = lines.get(path);
        return m == null || line < 1 || line > m.length ? line : m[line - 1];
    }

    private static final java.util.regex.Pattern ELIF = java.util.regex.Pattern.compile("\\{%(-?)\\s*elif\\b");

    /** Renders the release file at {@code path} (relative to its top) with Ansible's variable names. */
    public byte[] render(String path, Map<String, Object> vars) throws Failure {
        if (!release.has(path)) throw new Failure(release.where(path), 1, "no such file in the release");
        try {
            PebbleTemplate t = engine.getTemplate(path);
            StringWriter w = new StringWriter();
            t.evaluate(w, vars);
            return w.toString().getBytes(StandardCharsets.UTF_8);
        } catch (PebbleException e) {
            int line = e.getLineNumber() == null || e.getLineNumber() < 1 ? 1 : e.getLineNumber();
            String file = e.getFileName() == null ? path : e.getFileName();
            throw new Failure(release.where(file), originalLine(file, line), RoleTemplates.message(e)
                    + (RoleTemplates.message(e).startsWith("undefined variable") ? " (the deployer supplies the release's variables"
                            + " from roles/asterisk/defaults.yaml release_vars; add it there)" : ""));
        } catch (IOException e) {
            throw new Failure(release.where(path), 1, "cannot render: " + e.getMessage());
        }
    }

    /** Renders an inline Jinja2 expression or text of a release task (a dest, a when) at {@code file}:{@code line}. */
    public String renderText(String text, Map<String, Object> vars, String file, int line) throws Failure {
        if (!text.contains("{{") && !text.contains("{%")) return text;
        try {
            StringWriter w = new StringWriter();
            engine.getLiteralTemplate(translate(text).text()).evaluate(w, vars);
            return w.toString();
        } catch (PebbleException e) {
            throw new Failure(release.where(file), line, RoleTemplates.message(e) + " in '" + text + "'");
        } catch (IOException e) {
            throw new Failure(release.where(file), line, "cannot render: " + e.getMessage());
        }
    }

    /** A release task's {@code when:} condition, as Jinja2 reads it. */
    public boolean condition(String expression, Map<String, Object> vars, String file, int line) throws Failure {
        return renderText("{% if " + expression + " %}true{% else %}false{% endif %}", vars, file, line).equals("true");
    }
}
