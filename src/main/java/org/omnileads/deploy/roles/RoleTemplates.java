package org.omnileads.deploy.roles;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.ssh.Shell;

/**
 * Pebble for one role: templates come from its {@code templates/} folder, strict (an undefined
 * variable is an error naming the file and line), no HTML escaping (these are config files), every
 * newline kept (whitespace control is explicit: {@code {%- ... -%}}).
 * Task arguments are rendered with the same engine, as inline templates.
 */
public final class RoleTemplates {
    private static final Pattern NAME_IN_BRACKETS = Pattern.compile("\\[([^\\]]+)\\]");

    private final PebbleEngine engine;
    private final String templatesShownAs;
    private final Map<String, String> sources;

    /** A rendering failure: where, and what. */
    static final class Failure extends Exception {
        final String file;
        final int line;

        Failure(String file, int line, String message) {
            super(message);
            this.file = file;
            this.line = line;
        }
    }

    /**
     * @param templates        the role's templates by name relative to templates/
     * @param templatesShownAs the templates folder as messages show it, e.g. roles/database/templates
     */
    RoleTemplates(Map<String, String> templates, String templatesShownAs) {
        this.templatesShownAs = templatesShownAs;
        this.sources = Map.copyOf(templates);
        this.engine = new PebbleEngine.Builder()
                .loader(new RoleTemplateLoader(templates))
                .strictVariables(true)
                .autoEscaping(false)
                // Pebble's trimming would also eat the newline after {{ x }} at a line's end; authors trim with {%- -%}.
                .newLineTrimming(false)
                .extension(new DeployExtension())
                .build();
    }

    /** Whether templates/{@code name} exists. */
    boolean has(String name) { return sources.containsKey(name); }

    /** The unrendered text of templates/{@code name}, or null when there is none. */
    String source(String name) { return sources.get(name); }

    /** The templates folder as messages show it, e.g. roles/database/templates. */
    String shownAs() { return templatesShownAs; }

    /** Checks a template's syntax (at load time, before any variable is known). */
    void compile(String name) throws Failure {
        try {
            engine.getTemplate(name);
        } catch (PebbleException e) {
            throw failure(e, templatesShownAs + "/" + name, 0);
        }
    }

    /** Renders templates/{@code name}. */
    byte[] renderFile(String name, Map<String, Object> vars) throws Failure {
        try {
            return evaluate(engine.getTemplate(name), vars).getBytes(StandardCharsets.UTF_8);
        } catch (PebbleException e) {
            throw failure(e, templatesShownAs + "/" + (e.getFileName() == null ? name : e.getFileName()), 0);
        }
    }

    /**
     * Renders an inline template (a task argument).
     *
     * @param file      the role file it is written in
     * @param firstLine the file line of the template's first line
     */
    String renderText(String text, Map<String, Object> vars, String file, int firstLine) throws Failure {
        if (!isTemplate(text)) return text;
        try {
            return evaluate(engine.getLiteralTemplate(text), vars);
        } catch (PebbleException e) {
            throw inline(e, file, firstLine);
        }
    }

    /** Checks an inline template's syntax (at load time). */
    void compileText(String text, String file, int firstLine) throws Failure {
        if (!isTemplate(text)) return;
        try {
            engine.getLiteralTemplate(text);
        } catch (PebbleException e) {
            throw inline(e, file, firstLine);
        }
    }

    /** Evaluates a {@code when:} condition. */
    boolean condition(String expression, Map<String, Object> vars, String file, int line) throws Failure {
        String out = renderText("{% if " + expression + " %}true{% else %}false{% endif %}", vars, file, line);
        return out.equals("true");
    }

    static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    private Failure inline(PebbleException e, String file, int firstLine) {
        int l = e.getLineNumber() == null || e.getLineNumber() < 1 ? 1 : e.getLineNumber();
        return new Failure(file, firstLine + l - 1, message(e));
    }

    private Failure failure(PebbleException e, String file, int fallbackLine) {
        int l = e.getLineNumber() == null || e.getLineNumber() < 1 ? Math.max(1, fallbackLine) : e.getLineNumber();
        return new Failure(file, l, message(e));
    }

    /** Pebble's message in the operator's words where it has a well-known shape. */
    public static String message(PebbleException e) {
        String m = e.getPebbleMessage() == null ? String.valueOf(e.getMessage()) : e.getPebbleMessage();
        Matcher n = NAME_IN_BRACKETS.matcher(m);
        if (e instanceof RootAttributeNotFoundException && n.find()) return "undefined variable " + n.group(1);
        if (e instanceof AttributeNotFoundException && n.find()) return "undefined attribute " + n.group(1);
        Throwable c = e.getCause();
        if (c instanceof PebbleException pc && pc != e) return message(pc);
        return "template: " + m;
    }

    private static String evaluate(PebbleTemplate t, Map<String, Object> vars) throws PebbleException {
        StringWriter w = new StringWriter();
        try {
            t.evaluate(w, vars);
        } catch (IOException e) {
            throw new PebbleException(e, "cannot render: " + e.getMessage());
        }
        return w.toString();
    }

    /**
     * Filters a deployer needs that Pebble lacks, one per file format a value is written into:
     * {@code quote} makes a value one safe sh word, {@code asterisk_conf} a value of an Asterisk
     * configuration file, {@code kamailio_string} the inside of a Kamailio cfg string literal.
     */
    private static final class DeployExtension extends AbstractExtension {
        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("quote", filter(Shell::quote),
                    "asterisk_conf", filter(ConfigEscapes::asterisk),
                    "kamailio_string", filter(ConfigEscapes::kamailioString),
                    "dquote", filter(ConfigEscapes::doubleQuoted));
        }

        private static Filter filter(java.util.function.UnaryOperator<String> f) {
            return new Filter() {
                @Override public List<String> getArgumentNames() { return List.of(); }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
                    return f.apply(input == null ? "" : String.valueOf(input));
                }
            };
        }
    }
}
