// The Java side of the article's first table: start n tasks, let them all sleep at once once the
// last has started, wait for all of them, and report the time to start them, the time until the last one finished and the peak
// resident memory (VmHWM). "virtual" gives each task a virtual thread (JDK 21 and later, no flag),
// "platform" an operating-system thread, which is one kernel task each: those stop where the
// machine's limits on tasks (pid_max, threads-max) or memory stop them, and this program says
// where. Its Go twin is tasks.go.
//
// usage: java Tasks.java virtual|platform N SLEEP_MS
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

public class Tasks {
    public static void main(String[] args) throws Exception {
        boolean virtual = args[0].equals("virtual");
        int n = Integer.parseInt(args[1]);
        long sleep = Long.parseLong(args[2]);
        long before = status("VmRSS");
        CountDownLatch gate = new CountDownLatch(1); // so that all n are alive at the same time
        Runnable task = () -> {
            try {
                gate.await();
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                threads.add(virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task));
            } catch (OutOfMemoryError e) {
                // The kernel refused another thread. Report at once and leave without unwinding
                // the others: while they live, no process on the machine can start a new task.
                System.out.printf("tasks=%d stopped_at=%d started_ms=%.1f rss_before_kb=%d peak_rss_kb=%d error=%s%n",
                        n, i, ms(start), before, status("VmHWM"), e.getMessage().replace(' ', '_'));
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }
        double started = ms(start);
        gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("tasks=%d started_ms=%.1f done_ms=%.1f rss_before_kb=%d peak_rss_kb=%d%n",
                n, started, ms(start), before, status("VmHWM"));
    }

    static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /** One kB figure of /proc/self/status. */
    static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        return -1;
    }
}
