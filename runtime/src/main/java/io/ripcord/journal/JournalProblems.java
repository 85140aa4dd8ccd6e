package io.ripcord.journal;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.nio.file.Path;
import java.sql.SQLException;

/** Turns what can go wrong with the journal file into problems that say what to do; the file is never touched. */
final class JournalProblems {

    private JournalProblems() {
    }

    static RunbookException unusable(Path file, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("not a database") || message.contains("malformed") || message.contains("SQLITE_CORRUPT")) {
            return corrupt(file.toString(), "it is damaged or not a SQLite database");
        }
        if (message.contains("readonly") || message.contains("READONLY") || message.contains("unable to open") || message.contains("CANTOPEN")) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE,
                    "cannot write the journal " + file + ": the file or its directory is not writable", null)
                    .withNext("make " + file.getParent() + " writable, or point --journal (or RIPCORD_HOME) somewhere writable"), e);
        }
        if (message.contains("locked") || message.contains("BUSY")) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE,
                    "the journal " + file + " stayed busy (another ripcord is writing to it)", null)
                    .withNext("wait a moment and run again"), e);
        }
        return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "cannot use the journal " + file + ": "
                + message.lines().findFirst().orElse(e.getClass().getSimpleName()), null)
                .withNext("check the file; --journal PATH uses another one"), e);
    }

    static RunbookException corrupt(String location, String why) {
        return new RunbookException(Problem.of(ProblemCode.JOURNAL_CORRUPT, location + " is not a usable Ripcord journal: " + why, null)
                .withNext("Ripcord left it untouched; move it aside (or point --journal elsewhere) to start a new journal"));
    }

    static RunbookException newer(String location, int version) {
        return corrupt(location, "it was written by a newer Ripcord (schema " + version + ", this one knows "
                + JournalSchema.latest() + "); upgrade Ripcord");
    }

    /** The run's lease is no longer this process's: it stops before it changes anything else. */
    static RunbookException leaseLost(String runId, String why) {
        return new RunbookException(Problem.of(ProblemCode.LEASE_LOST, "run " + runId + " is no longer this process's: " + why
                + "; it stopped before its next change, and wrote nothing after losing its lease", null)
                .withNext("`ripcord show " + runId + "` shows who runs it now; nothing is needed here"));
    }
}
