package org.omnileads.deploy.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A host line split into words: {@code NAME key=value ...}. Words are separated by blanks;
 * quotes group blanks into a word and are removed; a word starting with {@code #} or {@code ;}
 * starts a comment (the old template's lines ended in {@code #(this line is for ...)}).
 */
final class HostLine {
    private HostLine() {}

    /** The words of {@code text}, or empty when a quote is not closed. */
    static Optional<List<String>> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == ' ' || c == '\t') {
                if (word != null) words.add(word.toString());
                word = null;
            } else if (word == null && (c == '#' || c == ';')) {
                break;
            } else {
                if (word == null) word = new StringBuilder();
                if (c == '"' || c == '\'') quote = c;
                else word.append(c);
            }
        }
        if (quote != 0) return Optional.empty();
        if (word != null) words.add(word.toString());
        return Optional.of(words);
    }
}
