package io.ripcord.library;

import io.ripcord.dsl.RunbookLoader;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.RunbookSource;
import io.ripcord.model.SemVer;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every runbook file under the search path directories, loaded. A file that does not load is kept as a problem
 * (so {@code list} can show it) rather than hiding the others.
 */
public final class RunbookLibrary {

    /** One file of the library: loaded, or the problem that stopped it. */
    public record Entry(Path file, RunbookDefinition runbook, RunbookException problem) {
    }

    private final List<Entry> entries;

    private RunbookLibrary(List<Entry> entries) {
        this.entries = entries;
    }

    /** {@code runbooks/} under the working directory, then each directory of {@code RIPCORD_PATH} (colon-separated). */
    public static List<Path> searchPath(Path cwd, Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(cwd.resolve("runbooks"));
        String extra = env.get("RIPCORD_PATH");
        if (extra != null) {
            for (String dir : extra.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(cwd.resolve(dir));
                }
            }
        }
        return dirs;
    }

    public static RunbookLibrary scan(List<Path> dirs, RunbookLoader loader, Path cwd) {
        List<Entry> entries = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path file : groovyFiles(dir)) {
                String shown = file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
                try {
                    entries.add(new Entry(file, loader.load(RunbookSource.read(file, shown)), null));
                } catch (RunbookException e) {
                    entries.add(new Entry(file, null, e));
                }
            }
        }
        return new RunbookLibrary(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Loaded runbooks by name, newest version first. */
    public List<RunbookDefinition> runbooks() {
        return entries.stream().filter(e -> e.runbook() != null).map(Entry::runbook)
                .sorted(Comparator.comparing(RunbookDefinition::name)
                        .thenComparing((a, b) -> SemVer.compare(b.version(), a.version())))
                .toList();
    }

    /** {@code NAME} (the newest version) or {@code NAME@VERSION}. */
    public RunbookDefinition resolve(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        String version = reference.contains("@") ? reference.substring(reference.indexOf('@') + 1) : null;
        List<RunbookDefinition> named = runbooks().stream().filter(r -> r.name().equals(name)).toList();
        if (named.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            runbooks().forEach(r -> known.add(r.name()));
            throw new RunbookException(new Problem(ProblemCode.UNKNOWN_RUNBOOK, "no runbook named '" + name + "' on the search path", null,
                    NearestNames.to(name, known), "`ripcord list` shows the runbooks found; a file path works too"));
        }
        String wanted = version != null ? version : named.get(0).version();
        List<RunbookDefinition> matches = named.stream().filter(r -> r.version().equals(wanted)).toList();
        if (matches.isEmpty()) {
            throw new RunbookException(Problem.of(ProblemCode.UNKNOWN_RUNBOOK, "runbook '" + name + "' has no version " + version, null)
                    .withNext("versions found: " + String.join(", ", named.stream().map(RunbookDefinition::version).distinct().toList())));
        }
        if (matches.stream().map(r -> r.source().sha256()).distinct().count() > 1) {
            throw new RunbookException(Problem.of(ProblemCode.AMBIGUOUS_RUNBOOK, name + "@" + wanted + " is claimed by files with different content: "
                    + String.join(", ", matches.stream().map(r -> r.source().displayPath()).toList()), null)
                    .withNext("bump the version of the one that changed, or remove the stale copy"));
        }
        return matches.get(0);
    }

    private static List<Path> groovyFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            // build output and test sources of the runbooks module are not runbooks
            return walk.filter(p -> p.toString().endsWith(".groovy") && Files.isRegularFile(p))
                    .filter(p -> !dir.relativize(p).toString().matches("(.*/)?(src|target)/.*"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
