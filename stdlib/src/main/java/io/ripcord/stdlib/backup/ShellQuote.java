package io.ripcord.stdlib.backup;

/** Single-quotes a word for /bin/sh, so the manifest's restore command is safe to paste. */
final class ShellQuote {

    private ShellQuote() {
    }

    static String of(Object word) {
        return "'" + String.valueOf(word).replace("'", "'\\''") + "'";
    }
}
