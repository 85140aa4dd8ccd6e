package io.ripcord.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the known names closest to a mistyped one, for "did you mean …?". Case differences count as nearly
 * nothing (healthcheck → healthCheck), transpositions as one edit (stpe → step).
 */
public final class NearestNames {

    private static final int MAX_SUGGESTIONS = 3;

    private NearestNames() {
    }

    public static List<String> to(String typed, Collection<String> known) {
        record Scored(String name, int distance) {
        }
        int limit = Math.max(1, Math.min(3, typed.length() / 3 + 1));
        List<Scored> scored = new ArrayList<>();
        for (String name : known) {
            if (name.equals(typed)) {
                continue;
            }
            int distance = name.equalsIgnoreCase(typed) ? 0 : distance(typed.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            boolean prefix = typed.length() >= 3 && name.toLowerCase(Locale.ROOT).startsWith(typed.toLowerCase(Locale.ROOT));
            if (distance <= limit || prefix) {
                scored.add(new Scored(name, prefix ? Math.min(distance, limit) : distance));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        if (!scored.isEmpty()) {
            // only the closest: "did you mean wait?" helps, "wait or list?" for 'wiat' is noise
            int best = scored.get(0).distance();
            scored.removeIf(s -> s.distance() > best);
        }
        return scored.stream().limit(MAX_SUGGESTIONS).map(Scored::name).toList();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
