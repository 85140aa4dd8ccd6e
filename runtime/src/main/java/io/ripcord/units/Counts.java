package io.ripcord.units;

/** A count with its noun in the right number ("1 step", "2 steps"), so printed summaries read as sentences. */
public final class Counts {
    private Counts() {
    }

    /** {@code n} and the noun, with an "s" unless there is exactly one. */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
