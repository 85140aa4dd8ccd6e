package io.ripcord.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@code run} tells the launcher about the next run of the same runbook: a run that used less than a second
 * of CPU gave C2 nothing to speed up, so the next one starts with C1 only, like {@code plan} (bin/lib/jvm-options.sh
 * reads the marker); a C1 run that used more than two (a runbook that now moves data) removes it, so C2 is back from
 * the next run. CPU time, not wall time: on a loaded machine a one-step run takes seconds of wall time and the same CPU.
 * A hint only: a marker that cannot be written or removed changes nothing but speed.
 */
final class JitHint {

    static final long QUICK_MILLIS = 1_000;
    static final long SLOW_MILLIS = 2_000;

    private JitHint() {
    }

    static void record(Map<String, String> environment) {
        if (environment.get("RIPCORD_JIT_MARK") != null) {
            record(environment, ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(Long.MAX_VALUE));
        }
    }

    /** The same, for a process that used {@code cpuMillis} of CPU. */
    static void record(Map<String, String> environment, long cpuMillis) {
        String mark = environment.get("RIPCORD_JIT_MARK");
        if (mark == null || mark.isBlank()) {
            return; // not started by the launcher for a run
        }
        Path marker = Path.of(mark);
        boolean quick = "quick".equals(environment.get("RIPCORD_JIT"));
        try {
            if (!quick && cpuMillis < QUICK_MILLIS) {
                Files.createDirectories(marker.getParent());
                if (!Files.exists(marker)) {
                    Files.createFile(marker);
                }
            } else if (quick && cpuMillis > SLOW_MILLIS) {
                Files.deleteIfExists(marker);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only home: the next run keeps the launcher's default
        }
    }
}
