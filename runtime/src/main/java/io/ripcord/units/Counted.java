package io.ripcord.units;

/** A count with its noun, in the number the count needs: "1 step", "2 steps", "1 copy", "3 copies". */
public final class Counted {

    private Counted() {
    }

    /** The plural is the noun with an "s". */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
