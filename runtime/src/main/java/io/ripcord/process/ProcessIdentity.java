package io.ripcord.process;

import java.util.Optional;

/**
 * One process as the kernel tells it apart: pid, start time and boot. After a crash the pid of a dead run's owner
 * is free for another program (a container's ripcord is pid 1 again after a restart); only all three together say
 * the same process still runs.
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {

    /** This JVM. */
    public static Optional<ProcessIdentity> current() {
        return of(ProcessHandle.current().pid());
    }

    /** The process now running as {@code pid}, if we can see one. */
    public static Optional<ProcessIdentity> of(long pid) {
        return ProcStat.of(pid).map(s -> new ProcessIdentity(pid, s.startTicks(), ProcStat.bootId()));
    }

    /** Still running: the same pid, started at the same tick of this same boot, and not a zombie. */
    public boolean alive() {
        if (!bootId.equals(ProcStat.bootId())) {
            return false; // the machine rebooted since: nothing of that boot runs
        }
        return ProcStat.of(pid).map(s -> s.startTicks() == startTicks && !s.exited()).orElse(false);
    }

    /** Whether we could see the process if it ran: {@code /proc} mounted with hidepid hides other users' processes. */
    public static boolean visible(String owner) {
        return owner.equals(System.getProperty("user.name")) || !HIDEPID;
    }

    private static final boolean HIDEPID = readHidepid();

    private static boolean readHidepid() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/mountinfo")).stream()
                    .filter(line -> line.contains(" /proc ") && line.contains(" - proc "))
                    .anyMatch(line -> line.matches(".*hidepid=([12]|invisible|noaccess).*"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
