package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.journal.SqliteLibrary;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the journal is: {@code --journal PATH|URL}, else {@code $RIPCORD_JOURNAL}, else {@code $RIPCORD_HOME/journal.db},
 * else {@code ~/.ripcord/journal.db}. A {@code postgresql://} URL is team mode: one journal in PostgreSQL for every
 * operator and machine. Commands that only read never create a journal file.
 */
public final class JournalOption {

    @Option(names = "--journal", paramLabel = "PATH|URL", description = "The journal: a file, or postgresql://USER@HOST:PORT/DB"
            + " for team mode (default: $RIPCORD_JOURNAL, else $RIPCORD_HOME/journal.db or ~/.ripcord/journal.db).")
    String path;

    /** The --journal value, else RIPCORD_JOURNAL; null for the default file. */
    private String given(Cli cli) {
        if (path != null) {
            return path;
        }
        String env = cli.env().get("RIPCORD_JOURNAL");
        return env == null || env.isBlank() ? null : env;
    }

    private boolean postgres(Cli cli) {
        return Journal.isPostgres(given(cli));
    }

    public Path resolve(Cli cli) {
        String given = given(cli);
        return given != null ? cli.cwd().resolve(given) : cli.ripcordHome().resolve("journal.db");
    }

    public Journal open(Cli cli) {
        if (postgres(cli)) {
            return openPostgres(cli);
        }
        useCachedLibrary(cli);
        return Journal.open(resolve(cli)).maskingSecrets(cli.redactor());
    }

    private Journal openPostgres(Cli cli) {
        Path home = Path.of(cli.env().getOrDefault("HOME", System.getProperty("user.home")));
        return Journal.openPostgres(given(cli), cli.env(), home).maskingSecrets(cli.redactor());
    }

    Optional<Journal> openExisting(Cli cli) {
        if (postgres(cli)) {
            return Optional.of(openPostgres(cli)); // a database exists or fails to connect: there is no "not created yet"
        }
        return Journal.openExisting(existingWithLibrary(cli)).map(j -> j.maskingSecrets(cli.redactor()));
    }

    /** The journal, which must exist because the command is about a run in it. */
    Journal openRequired(Cli cli) {
        if (postgres(cli)) {
            return openPostgres(cli);
        }
        Path file = existingWithLibrary(cli);
        return Journal.openExisting(file).map(j -> j.maskingSecrets(cli.redactor())).orElseThrow(() -> new RunbookException(Problem.of(ProblemCode.UNKNOWN_RUN,
                "there is no journal at " + file + ", so no runs", null)
                .withNext("runs are journaled by `ripcord run`; --journal or RIPCORD_HOME point at another journal")));
    }

    /** SQLite's native library loads from Ripcord's cache (see SqliteLibrary): set before the first connection. */
    private static void useCachedLibrary(Cli cli) {
        SqliteLibrary.useCopyIn(cli.ripcordHome().resolve("cache").resolve("native"));
    }

    /** The journal's path; the library is only set up when there is a journal, so read-only commands create nothing. */
    private Path existingWithLibrary(Cli cli) {
        Path file = resolve(cli);
        if (Files.exists(file)) {
            useCachedLibrary(cli);
        }
        return file;
    }

    /** The run with this id, or a problem naming the nearest ids. */
    /** The run of that id; {@code last}: the newest run in the journal. */
    /** What {@code show}, {@code resume} and the REPL's {@code :show} take for the newest run. */
    public static final String LAST = "last";

    public static RunRecord run(Journal journal, String id) {
        if (LAST.equals(id)) {
            return journal.runs(null, null, 1).stream().findFirst().orElseThrow(() -> new RunbookException(new Problem(
                    ProblemCode.UNKNOWN_RUN, "no runs in the journal " + journal.location() + " yet", null, List.of(),
                    "`ripcord run FILE` starts one")));
        }
        return journal.run(id).orElseThrow(() -> {
            List<String> recent = journal.runs(null, null, 50).stream().map(RunRecord::id).toList();
            return new RunbookException(new Problem(ProblemCode.UNKNOWN_RUN, "no run '" + id + "' in the journal " + journal.location(),
                    null, NearestNames.to(id, recent), "`ripcord runs` lists the runs"));
        });
    }
}
