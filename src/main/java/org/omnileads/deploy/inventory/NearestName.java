package org.omnileads.deploy.inventory;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the known name closest to a misspelt one, by edit distance. */
public final class NearestName {
    private NearestName() {}

    /** The closest candidate within a few edits (ignoring case), or empty when none is close. */
    public static Optional<String> of(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        // Short names tolerate one edit, longer ones up to four, so "db" does not become "dialer".
        int limit = Math.max(1, Math.min(4, w.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - w.length()) > limit) continue;
            int d = distance(w, c.toLowerCase(Locale.ROOT), limit);
            // Ties go to the alphabetically first, so the answer does not depend on set order.
            if (d <= limit && (d < bestDistance || d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Damerau-Levenshtein distance (adjacent swaps count one); stops early above {@code limit}. */
    static int distance(String a, String b, int limit) {
        int[] prev2 = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
            int[] t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
