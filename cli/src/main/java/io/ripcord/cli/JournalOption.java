package io.ripcord.cli;

import io.ripcord.journal.Journal;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the journal is: {@code --journal PATH}, else {@code $RIPCORD_HOME/journal.db}, else
 * {@code ~/.ripcord/journal.db}. Commands that only read never create it.
 */
public final class JournalOption {

    @Option(names = "--journal", paramLabel = "PATH", description = "The journal file (default: $RIPCORD_HOME/journal.db or ~/.ripcord/journal.db).")
    String path;

    Path resolve(Cli cli) {
        if (path != null) {
            return cli.cwd().resolve(path);
        }
        Map<String, String> env = cli.env();
        String home = env.get("RIPCORD_HOME");
        if (home != null && !home.isBlank()) {
            return cli.cwd().resolve(home).resolve("journal.db");
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(userHome, ".ripcord", "journal.db");
    }

    Journal open(Cli cli) {
        return Journal.open(resolve(cli));
    }

    Optional<Journal> openExisting(Cli cli) {
        return Journal.openExisting(resolve(cli));
    }
}
