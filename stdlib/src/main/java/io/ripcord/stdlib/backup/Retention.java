package io.ripcord.stdlib.backup;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.units.TimeSpan;
import io.ripcord.verb.VerbCall;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups of a source to keep: {@code keep: 10} (the newest ten), {@code keep: 30.days} (younger than that),
 * and restic's {@code keepDaily / keepWeekly / keepMonthly: N} (the newest backup of each of the last N days, weeks,
 * months that have one). Rules are OR-ed — a backup any rule keeps is kept — and the newest is never deleted.
 */
record Retention(Integer keepLast, Duration keepWithin, int daily, int weekly, int monthly) {

    static final List<String> ARGS = List.of("keep", "keepDaily", "keepWeekly", "keepMonthly");

    /** The policy the call asks for, or null when it names none. */
    static Retention of(VerbCall call) {
        if (ARGS.stream().noneMatch(call::has)) {
            return null;
        }
        Object keep = call.value("keep");
        Integer last = null;
        Duration within = null;
        if (keep instanceof Number n) {
            last = n.intValue();
            require(last > 0, "keep: " + last + " would delete every backup, the newest included", call);
        } else if (keep instanceof TimeSpan span) {
            within = span.duration();
        } else if (keep instanceof Duration d) {
            within = d;
        } else if (keep != null) {
            throw invalid("keep: must be a count (keep: 10) or an age (keep: 30.days), got " + keep, call);
        }
        int daily = (int) call.integer("keepDaily", 0);
        int weekly = (int) call.integer("keepWeekly", 0);
        int monthly = (int) call.integer("keepMonthly", 0);
        for (String arg : List.of("keepDaily", "keepWeekly", "keepMonthly")) {
            require(!call.has(arg) || call.integer(arg, 0) > 0, arg + ": must be at least 1", call);
        }
        return new Retention(last, within, daily, weekly, monthly);
    }

    /** The artifacts to delete, oldest first. {@code artifacts} are one source's backups. */
    List<Artifact> toDelete(List<Artifact> artifacts, Instant now) {
        List<Artifact> newestFirst = artifacts.stream().sorted(Comparator.comparing(Artifact::created).reversed()).toList();
        Set<Artifact> keep = new HashSet<>();
        if (!newestFirst.isEmpty()) {
            keep.add(newestFirst.get(0));
        }
        if (keepLast != null) {
            keep.addAll(newestFirst.subList(0, Math.min(keepLast, newestFirst.size())));
        }
        if (keepWithin != null) {
            newestFirst.stream().filter(a -> !a.created().isBefore(now.minus(keepWithin))).forEach(keep::add);
        }
        keep.addAll(newestPer(newestFirst, daily, a -> day(a).toLocalDate().toString()));
        keep.addAll(newestPer(newestFirst, weekly, a -> day(a).get(IsoFields.WEEK_BASED_YEAR) + "-W" + day(a).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        keep.addAll(newestPer(newestFirst, monthly, a -> day(a).getYear() + "-" + day(a).getMonthValue()));
        // an incremental backup is useless without its full backup
        for (Artifact kept : List.copyOf(keep)) {
            if (kept.incremental()) {
                newestFirst.stream().filter(a -> a.file().getFileName().toString().equals(kept.baseFile())).forEach(keep::add);
            }
        }
        return newestFirst.stream().filter(a -> !keep.contains(a)).sorted(Comparator.comparing(Artifact::created)).toList();
    }

    /** Deletes an artifact with everything beside it (sidecars, manifest last) and its catalog entry. */
    static void delete(Artifact old, io.ripcord.verb.VerbContext context) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(old.file());
        for (java.nio.file.Path sidecar : old.sidecars()) {
            java.nio.file.Files.deleteIfExists(sidecar);
        }
        java.nio.file.Files.deleteIfExists(old.manifestFile());
        io.ripcord.files.AtomicFile.fsyncDirectory(old.file().toAbsolutePath().getParent());
        // a backup with copies in repositories stays cataloged: its entry is what those copies are checked against
        if (context.catalog().copies(old.id()).isEmpty()) {
            context.catalog().remove(old.id());
        }
    }

    private static Set<Artifact> newestPer(List<Artifact> newestFirst, int periods, Function<Artifact, String> period) {
        Set<String> seen = new LinkedHashSet<>();
        Set<Artifact> kept = new HashSet<>();
        for (Artifact a : newestFirst) {
            if (seen.size() >= periods && !seen.contains(period.apply(a))) {
                break;
            }
            if (seen.add(period.apply(a))) {
                kept.add(a);
            }
        }
        return kept;
    }

    private static ZonedDateTime day(Artifact a) {
        return a.created().atZone(ZoneOffset.UTC);
    }

    private static void require(boolean ok, String message, VerbCall call) {
        if (!ok) {
            throw invalid(message, call);
        }
    }

    private static RunbookException invalid(String message, VerbCall call) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "backup " + message, call.location())
                .withNext("retention keeps backups any rule keeps; the newest is always kept"));
    }
}
