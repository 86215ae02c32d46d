package escapelab.jvm;

import escapelab.LabException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent jobs that each start a child JVM (a layout per mode, an escape report per JDK)
 * side by side, as many at once as the machine has processors: more would only queue for the
 * cores. Never for timings: two measurements at once on the same cores disturb each other.
 * The results, and a failure, are the ones a loop over the items would give.
 */
public final class IndependentRuns {
    private IndependentRuns() {
    }

    /**
     * {@code job} applied to each item, the results in the items' order. When jobs fail, every job
     * still ends, and the exception of the first failing item (in the items' order) is thrown as it was.
     */
    public static <T, R> List<R> map(List<T> items, Function<T, R> job) {
        int threads = Math.min(items.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            return items.stream().map(job).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "independent-run");
            t.setDaemon(true); // a job stuck past its child's time limit never keeps the lab's JVM alive
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            items.forEach(item -> futures.add(pool.submit(() -> job.apply(item))));
            List<R> results = new ArrayList<>();
            Throwable firstFailure = null;
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    firstFailure = firstFailure == null ? e.getCause() : firstFailure;
                }
            }
            if (firstFailure instanceof RuntimeException r) {
                throw r;
            }
            if (firstFailure instanceof Error e) {
                throw e;
            }
            if (firstFailure != null) {
                throw new IllegalStateException(firstFailure); // a Function throws nothing checked
            }
            return Collections.unmodifiableList(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The user stopped the run (a kernel interrupt): shutdownNow interrupts the jobs, which kill their children.
            throw new LabException(LabException.INTERRUPTED, "interrupted while running " + items.size() + " child JVMs", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
