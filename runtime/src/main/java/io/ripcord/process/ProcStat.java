package io.ripcord.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the kernel says of one process in {@code /proc/PID/stat}: its state, parent, process group and start time
 * (clock ticks after boot). The start time never changes for a process, across exec too, so pid + start time names
 * one process where a pid alone may name its successor.
 */
public record ProcStat(long pid, char state, long ppid, long pgid, long startTicks) {

    private static final Path PROC = Path.of("/proc");

    public static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, not visible to us, or not Linux
        }
    }

    /** The command name (field 2) may hold spaces and parentheses: the fields are read after its last ')'. */
    static ProcStat parse(String stat) {
        long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): ppid is field 4, pgrp 5, starttime 22
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[19]));
    }

    /** A zombie has exited and waits to be reaped: it runs nothing and holds nothing. */
    public boolean exited() {
        return state == 'Z' || state == 'X';
    }

    /** This boot's id: start times count from boot, so they compare only within one. Empty when unknown. */
    public static String bootId() {
        return BOOT_ID;
    }

    private static final String BOOT_ID = readBootId();

    private static String readBootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Every process we can see, read at one pass; a process that exits meanwhile is skipped. */
    static java.util.List<ProcStat> all() {
        try (var entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            java.util.List<ProcStat> out = new java.util.ArrayList<>();
            for (Path p : entries) {
                of(Long.parseLong(p.getFileName().toString())).ifPresent(out::add);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }
}
