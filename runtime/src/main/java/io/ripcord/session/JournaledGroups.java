package io.ripcord.session;

import io.ripcord.journal.Journal;

import io.ripcord.process.ChildGroups;
import io.ripcord.process.ProcessGroup;

/** Records the process group of every command a run starts, and its end, in the run's journal. */
final class JournaledGroups implements ChildGroups.Recorder {

    private final Journal journal;
    private final String runId;

    JournaledGroups(Journal journal, String runId) {
        this.journal = journal;
        this.runId = runId;
    }

    @Override
    public void started(ProcessGroup group, String program) {
        journal.groupStarted(runId, group, program);
    }

    @Override
    public void ended(ProcessGroup group) {
        journal.groupEnded(runId, group);
    }
}
