package io.ripcord.stdlib.health;

import io.ripcord.stdlib.retry.Retry;
import io.ripcord.units.ByteSize;
import io.ripcord.units.Percent;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code disk('/var/lib/app', maxUsed: 90.percent, minFree: 1.GB)}: healthy while the file system holding the path is
 * used no more than {@code maxUsed} and has at least {@code minFree} available (to unprivileged writers, as df shows).
 */
public record DiskProbe(Path path, Percent maxUsed, ByteSize minFree) implements HealthProbe {

    @Override
    public String describe() {
        return "disk " + path + (maxUsed == null ? "" : " used ≤ " + maxUsed) + (minFree == null ? "" : " free ≥ " + minFree);
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        long[] space;
        try {
            // statfs on a hung network mount never returns: the attempt ends at its timeout all the same
            space = io.ripcord.stdlib.retry.Bounded.within(timeout.isZero() ? Duration.ofSeconds(5) : timeout, () -> {
                if (!Files.exists(path)) {
                    return null;
                }
                FileStore store = Files.getFileStore(path);
                return new long[]{store.getTotalSpace(), store.getUsableSpace()};
            });
        } catch (java.util.concurrent.TimeoutException e) {
            return Retry.Observation.failed("the file system of " + path + " did not answer within " + io.ripcord.units.Durations.format(timeout));
        }
        if (space == null) {
            return Retry.Observation.failed(path + " does not exist");
        }
        long total = space[0];
        long available = space[1];
        double used = total == 0 ? 0 : (double) (total - available) / total;
        String seen = String.format(java.util.Locale.ROOT, "%.1f%% used, %s free of %s", used * 100, new ByteSize(available), new ByteSize(total));
        if (maxUsed != null && used > maxUsed.fraction()) {
            return Retry.Observation.failed(seen + " (at most " + maxUsed + " allowed)");
        }
        if (minFree != null && available < minFree.bytes()) {
            return Retry.Observation.failed(seen + " (at least " + minFree + " free needed)");
        }
        return Retry.Observation.ok(seen);
    }

    @Override
    public String observeForPlan(VerbContext context) {
        try {
            return check(null, Duration.ZERO, context).detail();
        } catch (Exception e) {
            return null;
        }
    }
}
