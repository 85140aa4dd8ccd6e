package io.ripcord.model;

import java.util.regex.Pattern;

/** Semantic versions (semver.org 2.0): runbooks are versioned so history can say which procedure ran. */
public final class SemVer {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    private SemVer() {
    }

    public static boolean isValid(String version) {
        return version != null && SEMVER.matcher(version).matches();
    }

    /** Precedence as semver.org defines it: numbers numerically, a pre-release before its release; build metadata ignored. */
    public static int compare(String a, String b) {
        String[] pa = core(a);
        String[] pb = core(b);
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
            if (c != 0) {
                return c;
            }
        }
        String preA = pre(a);
        String preB = pre(b);
        if (preA == null || preB == null) {
            return preA == null ? (preB == null ? 0 : 1) : -1;
        }
        String[] ia = preA.split("\\.");
        String[] ib = preB.split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            boolean na = ia[i].matches("\\d+");
            boolean nb = ib[i].matches("\\d+");
            int c = na && nb ? Long.compare(Long.parseLong(ia[i]), Long.parseLong(ib[i]))
                    : na ? -1 : nb ? 1 : ia[i].compareTo(ib[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ia.length, ib.length);
    }

    private static String[] core(String v) {
        return v.split("[-+]", 2)[0].split("\\.");
    }

    private static String pre(String v) {
        String noBuild = v.split("\\+", 2)[0];
        int dash = noBuild.indexOf('-');
        return dash < 0 ? null : noBuild.substring(dash + 1);
    }
}
