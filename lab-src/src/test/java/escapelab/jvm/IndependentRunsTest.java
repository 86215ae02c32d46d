package escapelab.jvm;

import escapelab.LabException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndependentRunsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void theResultsComeInTheItemsOrderWhicheverFinishesFirst() {
        // The first item takes longest: a pool that collected results as they finished would put it last.
        List<Integer> items = List.of(60, 30, 0, 10);
        assertEquals(List.of("60", "30", "0", "10"), IndependentRuns.map(items, ms -> {
            sleep(ms);
            return String.valueOf(ms);
        }));
    }

    @Test
    void jobsRunSideBySideButNeverMoreThanTheCores() {
        Assumptions.assumeTrue(CORES >= 2, "one processor: the jobs run one after another");
        // Two jobs that each wait for the other to start can only finish when they run at the same time.
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Boolean> met = IndependentRuns.map(IntStream.range(0, 4 * CORES).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            bothStarted.countDown();
            boolean both = await(bothStarted);
            sleep(5);
            running.decrementAndGet();
            return both;
        });
        assertTrue(met.stream().allMatch(b -> b), "the first two jobs never ran at the same time");
        assertTrue(most.get() <= CORES, most.get() + " jobs ran at once on " + CORES + " processors");
    }

    @Test
    void theFirstFailingItemsExceptionIsThrownAsItWas() {
        LabException first = LabException.environment("JDK 17: cannot start java");
        LabException second = LabException.environment("JDK 21: cannot start java");
        // The second failure comes first in time; a loop over the items would still have met the first.
        LabException thrown = assertThrows(LabException.class, () -> IndependentRuns.map(List.of(1, 2, 3), i -> {
            if (i == 1) {
                sleep(50);
                throw first;
            }
            if (i == 2) {
                throw second;
            }
            return i;
        }));
        assertSame(first, thrown);
    }

    @Test
    void aStopOfTheCallerStopsTheJobsAndSaysSo() throws Exception {
        Assumptions.assumeTrue(CORES >= 2, "one processor: the jobs run in the caller's thread");
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger interruptedJobs = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                IndependentRuns.map(List.of(1, 2), i -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interruptedJobs.incrementAndGet();
                    }
                    return i;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(10_000);
        LabException e = assertThrows(LabException.class, () -> {
            throw thrown.get();
        });
        assertEquals(LabException.INTERRUPTED, e.exitCode());
        for (int i = 0; i < 100 && interruptedJobs.get() < 2; i++) {
            sleep(20);
        }
        assertEquals(2, interruptedJobs.get(), "each job is interrupted, so that its child JVM is killed");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
