package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.service.ServiceTarget;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code quiesce: container('mongo')}: services a backup stops for the time of its copy, for data a live copy cannot
 * capture, and starts again afterwards — on failure too. Which of them were running is written to a record in
 * Ripcord's home before the first is stopped and deleted once all run again, so a backup killed while they are
 * stopped leaves the record, and the resumed call (or the next backup of the same source) starts exactly those that
 * were running, not the ones that were already stopped before.
 */
final class Quiesce {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<ServiceTarget> toStart;
    private final Path record;
    private final long stoppedAt;
    /** How to start by hand each one that did not start again (the last startAgain's), for the failure's next step. */
    private final List<String> byHand = new ArrayList<>();

    private Quiesce(List<ServiceTarget> toStart, Path record) {
        this.toStart = toStart;
        this.record = record;
        this.stoppedAt = System.nanoTime();
    }

    /** The services quiesce: names (one or a list); anything else is refused with what it takes. */
    static List<ServiceTarget> services(Object value) {
        List<?> given = value instanceof List<?> list ? list : List.of(value);
        List<ServiceTarget> services = new ArrayList<>();
        for (Object v : given) {
            if (!(v instanceof ServiceTarget service)) {
                throw new IllegalArgumentException("quiesce: takes services to stop for the copy, like container('mongo') or "
                        + "[container('mongo'), compose('app', 'worker')], got " + io.ripcord.units.Values.format(v));
            }
            services.add(service);
        }
        return services;
    }

    /** What the plan says: each service and what the backup will do to it. */
    static String describe(List<ServiceTarget> services, VerbContext context) {
        List<String> parts = new ArrayList<>();
        for (ServiceTarget s : services) {
            String now;
            try {
                now = s.observe(context).running() ? "running: stopped for the copy, started again after" : "not running: left stopped";
            } catch (VerbFailure e) {
                now = "cannot look now: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                now = "interrupted while looking";
            }
            parts.add(s.describe() + " (" + now + ")");
        }
        return String.join(", ", parts);
    }

    /** Stops the running ones among {@code services}, having first recorded them under the source's name. */
    static Quiesce stop(List<ServiceTarget> services, String sourceId, VerbContext context) throws VerbFailure, InterruptedException, IOException {
        Path record = context.home().resolve("state").resolve(".ripcord-quiesced-" + BackupTarget.fileSafe(sourceId) + ".json");
        List<String> wereRunning = new ArrayList<>();
        if (Files.isRegularFile(record)) {
            Map<?, ?> earlier = (Map<?, ?>) new JsonSlurper().parse(record.toFile());
            ((List<?>) earlier.get("running")).forEach(name -> wereRunning.add(String.valueOf(name)));
            context.output().warn("an earlier backup of this source (run " + earlier.get("run") + ") stopped " + String.join(", ", wereRunning)
                    + " and did not start them again; they are started after this copy");
        }
        for (ServiceTarget s : services) {
            if (!wereRunning.contains(s.describe()) && s.observe(context).running()) {
                wereRunning.add(s.describe());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run", context.run().runId());
        data.put("step", context.step());
        data.put("running", wereRunning);
        Files.createDirectories(record.getParent());
        AtomicFile.write(record, out -> {
            out.write(JsonOutput.toJson(data).getBytes(StandardCharsets.UTF_8));
            return null;
        });
        List<ServiceTarget> toStart = services.stream().filter(s -> wereRunning.contains(s.describe())).toList();
        Quiesce quiesce = new Quiesce(toStart, record);
        for (ServiceTarget s : toStart) {
            try {
                s.stop(TIMEOUT, context);
            } catch (VerbFailure | InterruptedException e) {
                quiesce.startAgain(context); // those stopped so far run again; the record says the rest
                throw e;
            }
            context.output().info("stopped " + s.describe() + " for the copy");
        }
        return quiesce;
    }

    /** Starts every service it stopped; the record goes only when all run again. Returns the failures, if any. */
    List<String> startAgain(VerbContext context) {
        List<String> failed = new ArrayList<>();
        byHand.clear();
        for (ServiceTarget s : toStart) {
            try {
                s.start(null, TIMEOUT, context);
                context.output().info("started " + s.describe() + " again (stopped "
                        + Durations.format(Duration.ofNanos(System.nanoTime() - stoppedAt)) + ")");
            } catch (VerbFailure e) {
                failed.add(s.describe() + ": " + e.getMessage());
                byHand.add(startByHand(s, context));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(s.describe() + ": interrupted");
                byHand.add(startByHand(s, context));
            }
        }
        if (!failed.isEmpty()) {
            context.output().warn("did not start again: " + String.join("; ", failed) + " (" + record + " lists them)");
        } else {
            try {
                Files.deleteIfExists(record);
            } catch (IOException e) {
                context.output().warn("cannot delete " + record + " (" + e.getMessage() + "); the next backup of this source starts "
                        + "those services again, which they already are");
            }
        }
        return failed;
    }

    /** The names of what it stopped, for the manifest. */
    List<String> stopped() {
        return toStart.stream().map(ServiceTarget::describe).toList();
    }

    VerbFailure notStarted(List<String> failed) {
        List<String> commands = byHand.stream().filter(java.util.Objects::nonNull).toList();
        return new VerbFailure(ProblemCode.STEP_FAILED, "quiesced services did not start again: " + String.join("; ", failed),
                "start " + (failed.size() == 1 ? "it" : "them") + " by hand" + (commands.isEmpty() ? "" : ": " + String.join("; ", commands))
                        + " (the backup itself was written); " + record + " lists them and the next backup with quiesce: starts them too");
    }

    private static String startByHand(ServiceTarget s, VerbContext context) {
        try {
            return s.startByHand(context);
        } catch (VerbFailure e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
