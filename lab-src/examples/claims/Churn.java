// The article's GC claims ("G1 pauses exceed 50 ms above 4 GB", "Go's GC is STW-free") need the
// same load on every collector. This program keeps a live set of small linked objects, then for
// a fixed time allocates at a fixed rate: most of it dies young, one object in sixteen replaces a
// random live one (so the old generation changes too, as in a cache). The collector's own log
// gives the pauses; the program itself reports the longest time one 1 MB batch of allocation took,
// which is what an application would feel, pauses and allocation stalls alike. Twin: churn.go.
//
// usage: java -Xlog:gc... Churn.java LIVE_MB RATE_MB_PER_S SECONDS
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

public class Churn {
    /**
     * 64 bytes, like the Go twin's node, with compressed oops and without (ZGC has none): a 12-byte header,
     * then f, a to e, and next (4 bytes and 4 of padding, or 8).
     */
    static final class Node {
        Node next;
        long a, b, c, d, e;
        int f;
    }

    static final int NODE_BYTES = 64;
    static final int BATCH = (1 << 20) / NODE_BYTES;

    public static void main(String[] args) throws Exception {
        long liveMb = Long.parseLong(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        SplittableRandom random = new SplittableRandom(42);
        Node[] live = new Node[(int) (liveMb * (1 << 20) / NODE_BYTES)];
        for (int i = 0; i < live.length; i++) {
            Node n = new Node();
            n.next = i == 0 ? null : live[random.nextInt(i)];
            live[i] = n;
        }
        double fill = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        long[] batchNanos = new long[(int) (rate * seconds) + 1];
        int batches = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Node young = null;
        while (System.nanoTime() < end && batches < batchNanos.length) {
            long t0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                Node n = new Node();
                n.next = (i & 63) == 0 ? null : young; // short chains that die young
                young = n;
                if ((i & 15) == 0) {
                    int slot = random.nextInt(live.length);
                    n.next = live[random.nextInt(live.length)];
                    live[slot] = n;
                }
            }
            batchNanos[batches++] = System.nanoTime() - t0;
            long due = start + (long) (batches / rate * 1e9); // hold the rate: wait when ahead
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] b = Arrays.copyOf(batchNanos, batches);
        Arrays.sort(b);
        System.out.printf("fill_s=%.3f allocated_mb=%d seconds=%.2f rate_mb_s=%.0f batch_p50_ms=%.3f batch_max_ms=%.3f peak_rss_kb=%d live_check=%d%n",
                fill, batches, elapsed, batches / elapsed, b[b.length / 2] / 1e6, b[b.length - 1] / 1e6, status("VmHWM"),
                young == null ? 0 : live.length);
    }

    static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        return -1;
    }
}
