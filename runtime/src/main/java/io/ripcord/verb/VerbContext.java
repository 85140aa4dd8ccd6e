package io.ripcord.verb;

import java.nio.file.Path;
import java.util.Map;

/** What a verb may know about the run it is part of. Passed to both halves; the plan half must only read. */
public interface VerbContext {

    /** The step the call belongs to. */
    String step();

    /** The directory relative paths and commands resolve against (the directory ripcord was started in). */
    Path workingDirectory();

    /** The environment the run started with; commands inherit it. */
    Map<String, String> environment();

    /** Where a verb reports progress and output while it acts. */
    VerbOutput output();

    /** The backup catalog (read-only while planning). */
    io.ripcord.catalog.ArtifactCatalog catalog();

    /** Which runbook, version and run this call belongs to (the run id is null while planning). */
    RunInfo run();

    /** True while planning: the verb must only look. */
    boolean planning();

    /** {@code text} with the run's secrets masked, for what a verb sends outside Ripcord (a webhook's body). */
    default String redact(String text) {
        return text;
    }

    /**
     * The values of the secrets this run resolved, by name: a verb that starts a command passes them through its
     * environment, never its argv (any user can read {@code /proc/PID/cmdline}).
     */
    default Map<String, String> secrets() {
        return Map.of();
    }

    /**
     * Ripcord's home as this run's environment names it ($RIPCORD_HOME, else ~/.ripcord): where records that must
     * outlive a crash are kept (under {@code state/}) and this home's manifest key.
     */
    default java.nio.file.Path home() {
        String home = environment().get("RIPCORD_HOME");
        return home != null && !home.isBlank() ? java.nio.file.Path.of(home)
                : java.nio.file.Path.of(environment().getOrDefault("HOME", System.getProperty("user.home")), ".ripcord");
    }

    /** Where the call journals the named stages of its work as each ends (restore's). */
    default StageLog stages() {
        return StageLog.NONE;
    }

    /** The calls this run completed so far, oldest first (empty while planning). */
    default java.util.List<PastCall> history() {
        return java.util.List.of();
    }
}
