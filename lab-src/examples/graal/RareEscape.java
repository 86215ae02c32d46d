// An object that escapes on one branch only, and that branch really runs (1 call in 100 while warming up).
//
// C2's escape analysis gives each allocation one state for the whole compiled method: the store to
// `sink` makes the Point GlobalEscape, so C2 keeps the allocation on every path. Graal's partial
// escape analysis follows each path: the Point stays virtual (scalar-replaced) on the common path and
// is materialized only where it escapes. Bytes per call on each branch show the difference.
import java.lang.management.ManagementFactory;

public class RareEscape {
    record Point(int x, int y) {}

    static Object sink;

    static int work(int i, boolean rare) {
        Point p = new Point(i, i + 1);
        if (rare) {
            sink = p;
        }
        return p.x() + p.y();
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated by n calls on one branch; the loop is what the JIT compiles, with work inlined. */
    static long measure(int n, boolean rare) {
        long sum = 0;
        long before = allocated();
        for (int i = 0; i < n; i++) {
            sum += work(i, rare);
        }
        long bytes = allocated() - before;
        return sum == 42 ? -1 : bytes;
    }

    public static void main(String[] args) {
        double minSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        double maxSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        long start = System.nanoTime();
        int n = 1_000_000;
        // The JIT compiles in the background (no -Xbatch: with Graal loaded from class files, a blocking
        // compilation can wait on Graal's own start-up). So warm in rounds, each with many short calls and
        // one branch in a hundred rare, for at least minSeconds (long enough for the JIT to have compiled
        // the measuring loop), then until three rounds in a row measure the same bytes on the common
        // branch (within 0.01 B per call).
        long last = -1;
        int steady = 0;
        double elapsed = 0;
        while ((elapsed < minSeconds || steady < 3) && elapsed < maxSeconds) {
            for (int r = 0; r < 2_000; r++) {
                measure(100, r % 100 == 0);
            }
            long common = measure(n, false);
            steady = Math.abs(common - last) < n / 100 ? steady + 1 : 0;
            last = common;
            elapsed = (System.nanoTime() - start) / 1e9;
        }
        if (steady < 3) {
            System.out.println("@@pea unsteady after " + maxSeconds + " s");
        }
        for (int round = 0; round < 3; round++) {
            System.out.println("@@pea " + measure(n, false) + " " + measure(n, true) + " " + n);
        }
    }
}
