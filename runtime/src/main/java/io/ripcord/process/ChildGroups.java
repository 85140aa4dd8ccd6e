package io.ripcord.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process groups this JVM's commands run in right now, and where their start and end are recorded: a checkpointed
 * run records them in its journal, so a resume after the JVM was killed can stop what the dead run left running.
 */
public final class ChildGroups {

    /** Where groups are recorded while a run is under way. */
    public interface Recorder {
        void started(ProcessGroup group, String program);

        void ended(ProcessGroup group);
    }

    private static final Recorder NONE = new Recorder() {
        @Override
        public void started(ProcessGroup group, String program) {
        }

        @Override
        public void ended(ProcessGroup group) {
        }
    };

    private static final Set<ProcessGroup> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile Recorder recorder = NONE;

    private ChildGroups() {
    }

    /** Recording to one place, until closed. */
    public interface Recording extends AutoCloseable {
        @Override
        void close();
    }

    /** Records groups to {@code to} until closed (one run at a time per JVM: the run or resume of a command line). */
    public static Recording recordTo(Recorder to) {
        Recorder before = recorder;
        recorder = to;
        return () -> recorder = before;
    }

    /** A command just started in {@code group}: recorded before the caller waits for it. */
    public static void started(ProcessGroup group, String program) {
        LIVE.add(group);
        recorder.started(group, program);
    }

    /** The command of {@code group} exited and its group was stopped if it had to be. */
    public static void ended(ProcessGroup group) {
        LIVE.remove(group);
        recorder.ended(group);
    }

    /** The groups running now. */
    public static Set<ProcessGroup> live() {
        return Set.copyOf(LIVE);
    }
}
