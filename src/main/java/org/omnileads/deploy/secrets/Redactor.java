package org.omnileads.deploy.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.omnileads.deploy.roles.ConfigEscapes;
import org.omnileads.deploy.ssh.Shell;

/**
 * Replaces every known secret value by {@code ****}, by value, wherever it appears.
 * Everything the tool prints, logs or saves passes through one instance.
 */
public final class Redactor {
    public static final String MASK = "****";
    /**
     * A secret that could be an ordinary word or number ("admin", "omnileads", "admin123", "123456"): masked
     * only where it stands as a value, a whole token, not inside a longer word, a path, a file or a host name.
     * Masked everywhere, "administrator" would print as "****istrator" and "/opt/omnileads" as "/opt/****",
     * giving the secret away by its context.
     */
    private static final Pattern WORD_LIKE = Pattern.compile("\\p{L}+\\d*|\\d+");
    /** What may not touch a word-like secret for it to be a value: letters, digits, '_', and path or name punctuation. */
    private static final String INSIDE = "[\\p{L}\\p{N}_/\\\\.-]";
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final List<Pattern> words = new CopyOnWriteArrayList<>();

    /** Adds secret values; blanks and values shorter than 3 characters are ignored (they would mask ordinary text). */
    public void addAll(Collection<String> values) {
        for (String v : values) add(v);
    }

    /**
     * Adds a secret value and the forms the roles write it in (a sh word, an Asterisk value, a
     * Kamailio string), so a diff of a file holding it is masked too.
     */
    public synchronized void add(String value) {
        if (value == null || value.isBlank() || value.length() < 3 || secrets.contains(value)) return;
        if (WORD_LIKE.matcher(value).matches()) {
            // A value: not preceded by a word, path or name character; not followed by one (a sentence's final '.' is fine).
            Pattern p = Pattern.compile("(?<!" + INSIDE + ")" + Pattern.quote(value) + "(?!" + INSIDE.replace(".", "") + "|\\.[\\p{L}\\p{N}_])");
            if (words.stream().noneMatch(w -> w.pattern().equals(p.pattern()))) words.add(p);
            return;
        }
        List<String> next = new ArrayList<>(secrets);
        for (String form : List.of(value, Shell.quote(value), ConfigEscapes.asterisk(value), ConfigEscapes.kamailioString(value))) {
            if (!next.contains(form)) next.add(form);
        }
        // Longest first, so a secret containing another is masked whole.
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets.clear();
        secrets.addAll(next);
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty() && words.isEmpty()) return text;
        String out = text;
        for (String s : secrets) if (out.contains(s)) out = out.replace(s, MASK);
        for (Pattern w : words) out = w.matcher(out).replaceAll(MASK);
        return out;
    }

    public boolean isEmpty() { return secrets.isEmpty() && words.isEmpty(); }

    /** Drops every value: for a redactor whose secrets must not outlive the work that needed them. */
    public synchronized void forget() {
        secrets.clear();
        words.clear();
    }
}
