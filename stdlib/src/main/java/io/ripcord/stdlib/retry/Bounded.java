package io.ripcord.stdlib.retry;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Work that has no timeout of its own (a DNS lookup, statfs on a hung NFS mount) made to end in time: it runs on a
 * daemon thread and the caller stops waiting at the timeout. The thread may stay blocked; it never keeps the JVM alive.
 */
public final class Bounded {

    private Bounded() {
    }

    public static <T> T within(Duration timeout, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, "ripcord-bounded");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
