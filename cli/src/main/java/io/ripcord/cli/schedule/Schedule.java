package io.ripcord.cli.schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * One scheduled run: which runbook (a file's absolute path, or a name the search path finds), with which parameter
 * values as typed, at what time of day (local time) and how much later at most, from which directory, by which
 * launcher. {@code environment} holds only what finds things (paths: PATH, RIPCORD_HOME, RIPCORD_PATH, JAVA_HOME),
 * never a secret; secrets come from {@code envFile}, of which only the path is written.
 */
public record Schedule(String unitName, String runbook, Map<String, String> params, LocalTime daily, Duration randomizedDelay,
                       Path workingDirectory, Path launcher, Map<String, String> environment, Path envFile) {

    /** The variables a scheduled run gets from the environment it was scheduled in: where things are, nothing secret. */
    public static final List<String> CARRIED = List.of("PATH", "JAVA_HOME", "RIPCORD_HOME", "RIPCORD_PATH");

    /** The prefix of every unit Ripcord writes; --list and --remove see only these. */
    public static final String PREFIX = "ripcord-";

    /** {@code shop/nightly-backup} → {@code ripcord-shop-nightly-backup}: a unit name systemd takes as is. */
    public static String unitNameFor(String runbookName) {
        String plain = runbookName.replaceAll("@.*$", "").replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        return PREFIX + plain;
    }

    /** The command the timer or cron runs, as words: {@code LAUNCHER run --quiet RUNBOOK -p k=v ...}. */
    public List<String> command() {
        List<String> words = new java.util.ArrayList<>(List.of(launcher.toString(), "run", "--quiet", runbook));
        params.forEach((k, v) -> {
            words.add("-p");
            words.add(k + "=" + v);
        });
        return words;
    }
}
