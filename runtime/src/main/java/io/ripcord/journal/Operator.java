package io.ripcord.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where: the user, host and process a run or a lock belongs to. */
public record Operator(String user, String host, long pid) {

    public static Operator current() {
        return new Operator(System.getProperty("user.name", "unknown"), hostName(), ProcessHandle.current().pid());
    }

    /** True when this operator is a process on this host that no longer exists: its locks and runs are orphans. */
    public boolean isDeadOnThisHost() {
        return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public String toString() {
        return user + "@" + host + " (pid " + pid + ")";
    }

    // the kernel's name, without a DNS lookup that can stall start-up on a badly configured host; -Dripcord.host names
    // the machine otherwise (specs play two machines on one, sharing a journal)
    private static String hostName() {
        String configured = System.getProperty("ripcord.host");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "localhost";
    }
}
