package org.omnileads.deploy.tasks;

import java.util.List;
import org.omnileads.deploy.ssh.Shell;

/**
 * Builds the sh text of probes and steps. Values never enter a script raw: {@link #fmt} puts
 * each one in through {@link Shell#quote}, and {@link #heredoc} carries data (file contents,
 * SQL) with a quoted delimiter so the shell expands nothing in it.
 */
public final class Script {
    private final StringBuilder text = new StringBuilder();

    /** Appends one line made by {@link #fmt}. */
    public Script line(String template, Object... values) {
        text.append(fmt(template, values)).append('\n');
        return this;
    }

    /** Appends script text that holds no values (or values already quoted by {@link #fmt}). */
    public Script raw(String scriptText) {
        text.append(scriptText);
        if (!scriptText.endsWith("\n")) text.append('\n');
        return this;
    }

    @Override public String toString() { return text.toString(); }

    /**
     * Replaces each {@code %q} in {@code template} by the next value, quoted for sh. Other
     * {@code %} signs are left alone (printf and stat formats use them).
     */
    public static String fmt(String template, Object... values) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && template.charAt(i + 1) == 'q') {
                if (next >= values.length) throw new IllegalArgumentException("too few values for: " + template);
                out.append(Shell.quote(String.valueOf(values[next++])));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != values.length) throw new IllegalArgumentException("too many values for: " + template);
        return out.toString();
    }

    /** Quotes every word and joins them with spaces. */
    public static String words(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            if (out.length() > 0) out.append(' ');
            out.append(Shell.quote(v));
        }
        return out.toString();
    }

    /**
     * {@code command <<'DELIM'} followed by {@code body} and the delimiter: the body reaches the
     * command's standard input exactly, with no expansion, and never shows in a process list.
     */
    public static String heredoc(String command, String body) { return heredoc(command, body, ""); }

    /**
     * As {@link #heredoc(String, String)}, with {@code rest} written after the redirection on the
     * command's line, e.g. {@code "| sed ..."} to pipe the command's output on.
     */
    public static String heredoc(String command, String body, String rest) {
        String delimiter = delimiterFor(body);
        StringBuilder out = new StringBuilder(body.length() + 64);
        out.append(command).append(" <<'").append(delimiter).append("'").append(rest.isEmpty() ? "" : " " + rest).append('\n').append(body);
        if (!body.isEmpty() && !body.endsWith("\n")) out.append('\n');
        out.append(delimiter).append('\n');
        return out.toString();
    }

    private static String delimiterFor(String body) {
        String d = "OML_EOF";
        int n = 0;
        // A line equal to the delimiter would end the document early.
        while (body.lines().anyMatch(d::equals) || body.equals(d)) d = "OML_EOF_" + (++n);
        return d;
    }
}
