package io.ripcord.stdlib.backup;

/** Single-quotes a word for /bin/sh, so the manifest's restore command is safe to paste. */
public final class ShellQuote {

    private ShellQuote() {
    }

    public static String of(Object word) {
        return "'" + String.valueOf(word).replace("'", "'\\''") + "'";
    }
}
