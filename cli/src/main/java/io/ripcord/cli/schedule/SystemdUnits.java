package io.ripcord.cli.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service and timer of a schedule, as borgmatic writes its own: a oneshot service whose run is wrapped in
 * {@code systemd-inhibit} (a suspend or shutdown waits for it instead of cutting a backup in half), at low CPU and
 * I/O priority, and a timer with {@code Persistent=true} (a run missed while the machine was off happens at boot).
 */
public final class SystemdUnits {

    /** The first line of every unit Ripcord writes, then what it runs: --list reads these back. */
    static final String MARK = "# Written by `ripcord schedule`: ";
    public static final int MARK_LENGTH = MARK.length();

    private SystemdUnits() {
    }

    public static String service(Schedule s) {
        StringBuilder out = new StringBuilder();
        out.append(MARK).append(s.runbook()).append(" daily ").append(s.daily()).append('\n');
        out.append("# Remove with `ripcord schedule --remove ").append(s.unitName()).append("`.\n");
        out.append("[Unit]\n");
        out.append("Description=Ripcord: run ").append(s.runbook()).append('\n');
        out.append("Wants=network-online.target\nAfter=network-online.target\n\n");
        out.append("[Service]\n");
        out.append("Type=oneshot\n");
        out.append("WorkingDirectory=").append(escape(s.workingDirectory().toString())).append('\n');
        s.environment().forEach((k, v) -> out.append("Environment=").append(quote(k + "=" + v)).append('\n'));
        if (s.envFile() != null) {
            out.append("EnvironmentFile=").append(escape(s.envFile().toString())).append('\n');
        }
        out.append("Nice=19\nIOSchedulingClass=best-effort\nIOSchedulingPriority=7\n");
        List<String> inhibit = List.of(inhibitor(), "--who=ripcord", "--what=sleep:shutdown",
                "--why=ripcord run " + s.runbook(), "--mode=block");
        out.append("ExecStart=").append(java.util.stream.Stream.concat(inhibit.stream(), s.command().stream())
                .map(SystemdUnits::quote).collect(Collectors.joining(" "))).append('\n');
        return out.toString();
    }

    public static String timer(Schedule s) {
        StringBuilder out = new StringBuilder();
        out.append(MARK).append(s.runbook()).append(" daily ").append(s.daily()).append('\n');
        out.append("[Unit]\n");
        out.append("Description=Ripcord: ").append(s.runbook()).append(" daily at ").append(s.daily()).append('\n');
        out.append("\n[Timer]\n");
        out.append("OnCalendar=*-*-* ").append(s.daily()).append(s.daily().getSecond() == 0 ? ":00" : "").append('\n');
        out.append("Persistent=true\n");
        if (s.randomizedDelay() != null && !s.randomizedDelay().isZero()) {
            out.append("RandomizedDelaySec=").append(s.randomizedDelay().toSeconds()).append('\n');
        }
        out.append("\n[Install]\nWantedBy=timers.target\n");
        return out.toString();
    }

    /** True when the unit's first line is Ripcord's mark: --list and --remove leave other units alone. */
    public static boolean writtenByRipcord(Path unit) {
        try (var lines = Files.lines(unit)) {
            return lines.findFirst().map(l -> l.startsWith(MARK)).orElse(false);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** systemd-inhibit by its full path, as ExecStart= wants one that exists. */
    private static String inhibitor() {
        String path = System.getenv("PATH") == null ? "/usr/bin:/bin" : System.getenv("PATH");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "systemd-inhibit");
            if (candidate.isAbsolute() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/bin/systemd-inhibit";
    }

    /** One word of a command line as systemd reads it: quoted when it must be, specifiers (%) and variables ($) kept literal. */
    static String quote(String word) {
        String escaped = escape(word).replace("\\", "\\\\").replace("\"", "\\\"");
        return escaped.matches("[A-Za-z0-9_@%+=:,./-]+") ? escaped : "\"" + escaped + "\"";
    }

    /** A value written as is: % starts a specifier and $ a variable unless doubled. */
    private static String escape(String value) {
        return value.replace("%", "%%").replace("$", "$$");
    }
}
