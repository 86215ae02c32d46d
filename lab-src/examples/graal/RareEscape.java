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
        int warmCalls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        // Short calls, many of them: the measuring method itself gets compiled (not only its loop, on
        // stack replacement), and -Xbatch makes each compilation finish before the program goes on.
        for (int r = 0; r < warmCalls / 100; r++) {
            measure(100, r % 100 == 0);
        }
        int n = 1_000_000;
        for (int round = 0; round < 3; round++) {
            System.out.println("@@pea " + measure(n, false) + " " + measure(n, true) + " " + n);
        }
    }
}
