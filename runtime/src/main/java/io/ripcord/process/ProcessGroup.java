package io.ripcord.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command and everything it started, as one process group whose leader is the command (started through
 * {@code setsid}, so pgid = its pid). Stopping the group reaches grandchildren whose parent died first and children
 * of a run whose JVM was killed, which a walk of the process tree from a live parent cannot.
 */
public record ProcessGroup(long pgid, long leaderStartTicks, String bootId) {

    /** util-linux's (or busybox's) setsid: it execs the command in a new session, keeping the pid. */
    private static final Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    /** {@code argv} as it runs in a group of its own; unchanged where setsid is missing (the tree walk then stops it). */
    public static List<String> inOwnGroup(List<String> argv) {
        if (SETSID.isEmpty()) {
            return argv;
        }
        List<String> out = new ArrayList<>(argv.size() + 1);
        out.add(SETSID.get().toString());
        out.addAll(argv);
        return out;
    }

    /** The group {@code process} leads, once started through {@link #inOwnGroup}; empty when it has none of its own. */
    public static Optional<ProcessGroup> ledBy(Process process) {
        if (SETSID.isEmpty()) {
            return Optional.empty(); // it shares ripcord's own group, which must never be signalled
        }
        return ProcStat.of(process.pid()).map(s -> new ProcessGroup(process.pid(), s.startTicks(), ProcStat.bootId()));
    }

    /** The processes in the group now, leader first. */
    public List<ProcStat> members() {
        List<ProcStat> out = new ArrayList<>();
        for (ProcStat p : ProcStat.all()) {
            if (p.pgid() == pgid && !p.exited()) {
                out.add(p);
            }
        }
        out.sort((a, b) -> Boolean.compare(b.pid() == pgid, a.pid() == pgid));
        return out;
    }

    /**
     * Whether the group that holds this pgid now is still the one recorded, for a run whose owner died: its leader
     * alive with the recorded start time, or, when the leader is gone, members that all started after it and no later
     * than {@code lastSeen} (the dead run's last heartbeat). A pgid stays taken while its group has members, so only
     * a group that emptied can come back as someone else's; its members started after the run was last seen.
     */
    public boolean stillOurs(Instant lastSeen) {
        if (!bootId.equals(ProcStat.bootId())) {
            return false;
        }
        List<ProcStat> members = members();
        if (members.isEmpty()) {
            return false;
        }
        Optional<ProcStat> leader = members.stream().filter(p -> p.pid() == pgid).findFirst();
        if (leader.isPresent()) {
            return leader.get().startTicks() == leaderStartTicks;
        }
        return members.stream().allMatch(p -> p.startTicks() >= leaderStartTicks
                && ProcessHandle.of(p.pid()).flatMap(h -> h.info().startInstant())
                        .map(started -> lastSeen == null || !started.isAfter(lastSeen)).orElse(false));
    }

    /** Alive and not a zombie: an orphan's zombie waits for init to reap it, which may take seconds (isAlive says yes). */
    private static boolean running(ProcessHandle h) {
        return h.isAlive() && ProcStat.of(h.pid()).map(s -> !s.exited()).orElse(false);
    }

    /**
     * Stops the group: TERM to every member (the leader first: a shell whose child died first would run its next
     * command) and to {@code extra} (descendants that left the group), then KILL to what is left after {@code grace}.
     * Returns how many processes it signalled.
     */
    public int stop(Duration grace, Collection<ProcessHandle> extra) throws InterruptedException {
        if (ProcStat.of(ProcessHandle.current().pid()).map(s -> s.pgid() == pgid).orElse(true)) {
            return 0; // never ripcord's own group
        }
        Map<Long, ProcessHandle> signalled = new LinkedHashMap<>();
        long deadline = System.nanoTime() + grace.toNanos();
        boolean force = false;
        while (true) {
            List<ProcessHandle> now = new ArrayList<>();
            for (ProcStat p : members()) {
                ProcessHandle.of(p.pid()).ifPresent(now::add); // a handle checks the start time again before it signals
            }
            extra.stream().filter(ProcessGroup::running).forEach(now::add);
            if (now.isEmpty()) {
                return signalled.size();
            }
            for (ProcessHandle h : now) {
                if (force) {
                    h.destroyForcibly();
                } else if (!signalled.containsKey(h.pid())) {
                    h.destroy(); // TERM once; what it starts meanwhile is a new member, found on the next pass
                }
                signalled.putIfAbsent(h.pid(), h);
            }
            if (!force && System.nanoTime() >= deadline) {
                force = true;
                continue;
            }
            if (force && System.nanoTime() >= deadline + grace.toNanos()) {
                return signalled.size(); // unkillable (D state): nothing more a signal can do
            }
            Thread.sleep(20); // a poll of /proc: the kernel has no "group is empty" notification for non-children
        }
    }
}
