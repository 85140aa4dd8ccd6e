package io.ripcord.stdlib.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How often to try something that may not be ready yet: after a failed attempt wait {@code interval} (multiplied by
 * {@code backoff} each time, at most {@link #MAX_INTERVAL}) and try again, up to {@code retries} more times; failures
 * within {@code startPeriod} of the first attempt do not count; success needs {@code successes} in a row. Waiting is
 * interruptible (Ctrl-C), so a retry loop never outlives the operator's patience.
 */
public record Retry(int retries, Duration interval, double backoff, Duration startPeriod, int successes) {

    public static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

    public Retry {
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative: " + retries);
        }
        if (backoff < 1.0) {
            throw new IllegalArgumentException("backoff is a factor of 1 or more, got " + backoff);
        }
        if (successes < 1) {
            throw new IllegalArgumentException("successes must be at least 1, got " + successes);
        }
    }

    /** One try: healthy or not, and what was seen (an HTTP status, an error). */
    public record Observation(boolean ok, String detail) {
        public static Observation ok(String detail) { return new Observation(true, detail); }
        public static Observation failed(String detail) { return new Observation(false, detail); }
    }

    /** One attempt as it happened, for the journal: number, outcome, latency, what was seen, when (ms after the first). */
    public record Attempt(int number, boolean ok, long latencyMillis, String detail, long atMillis) {
    }

    /** Every attempt, and whether the last ones succeeded as many times in a row as asked. */
    public record Outcome(boolean ok, List<Attempt> attempts, Duration elapsed) {
        public Attempt last() {
            return attempts.get(attempts.size() - 1);
        }
    }

    @FunctionalInterface
    public interface Try {
        Observation attempt() throws Exception;
    }

    /** Tries until {@code successes} in a row or the retries run out; {@code onAttempt} hears each attempt as it ends. */
    public Outcome run(Try action, Consumer<Attempt> onAttempt) throws InterruptedException {
        long start = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>();
        int counted = 0;
        int inARow = 0;
        Duration wait = interval;
        for (int n = 1; ; n++) {
            long t0 = System.nanoTime();
            Observation seen;
            try {
                seen = action.attempt();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted during attempt " + n);
                }
                seen = Observation.failed(describe(e));
            }
            long now = System.nanoTime();
            Attempt attempt = new Attempt(n, seen.ok(), (now - t0) / 1_000_000, seen.detail(), (t0 - start) / 1_000_000);
            attempts.add(attempt);
            onAttempt.accept(attempt);
            if (seen.ok()) {
                if (++inARow >= successes) {
                    return new Outcome(true, attempts, Duration.ofNanos(now - start));
                }
            } else {
                inARow = 0;
                if (Duration.ofNanos(now - start).compareTo(startPeriod) >= 0 && ++counted > retries) {
                    return new Outcome(false, attempts, Duration.ofNanos(now - start));
                }
            }
            Thread.sleep(wait.toMillis());
            if (!seen.ok() && backoff > 1.0) {
                long next = Math.round(wait.toMillis() * backoff);
                wait = Duration.ofMillis(Math.min(next, MAX_INTERVAL.toMillis()));
            }
        }
    }

    /** "connection refused", "timed out after 2s": an exception as an operator wants to read it. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }
}
