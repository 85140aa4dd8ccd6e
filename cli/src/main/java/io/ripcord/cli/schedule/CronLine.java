package io.ripcord.cli.schedule;

import java.util.stream.Collectors;

/**
 * A schedule as one crontab line, for machines without systemd: minute and hour, the directory, the carried
 * variables, and the run; a randomized delay is a sleep of a random length before it.
 */
public final class CronLine {

    private CronLine() {
    }

    public static String of(Schedule s) {
        StringBuilder line = new StringBuilder();
        line.append(s.daily().getMinute()).append(' ').append(s.daily().getHour()).append(" * * * ");
        line.append("cd ").append(quote(s.workingDirectory().toString())).append(" && ");
        if (s.randomizedDelay() != null && !s.randomizedDelay().isZero()) {
            line.append("sleep $(shuf -i 0-").append(s.randomizedDelay().toSeconds() - 1).append(" -n 1) && ");
        }
        if (s.envFile() != null) { // the secrets stay in their file: only its path is in the crontab
            line.append("set -a && . ").append(quote(s.envFile().toString())).append(" && set +a && ");
        }
        s.environment().forEach((k, v) -> line.append(k).append('=').append(quote(v)).append(' '));
        line.append(s.command().stream().map(CronLine::quote).collect(Collectors.joining(" ")));
        return line.toString().replace("%", "\\%"); // cron turns a bare % into a newline
    }

    /** One shell word: single-quoted unless plainly safe. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
