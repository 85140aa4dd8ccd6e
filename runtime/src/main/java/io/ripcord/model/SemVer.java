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
}
