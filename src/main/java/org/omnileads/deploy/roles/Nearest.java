package org.omnileads.deploy.roles;

import java.util.Collection;

/** The closest known word to a misspelt one, for "did you mean" hints. */
final class Nearest {
    private Nearest() {}

    /** The candidate at the smallest edit distance, if close enough to be a typo; else null. */
    static String to(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (best != null && (bestDistance <= allowed || best.startsWith(word) || word.startsWith(best))) return best;
        return null;
    }

    /** " (did you mean X?)" or empty. */
    static String hint(String word, Collection<String> candidates) {
        String n = to(word, candidates);
        return n == null ? "" : " (did you mean " + n + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
