public class Shapes {
    record Point(int x, int y) {}
    static Object sink;

    // scalar replaced: never leaves the method
    static int local(int i) {
        Point p = new Point(i, i + 1);
        return p.x() + p.y();
    }

    // stored to a static: kept
    static int global(int i) {
        Point p = new Point(i, i);
        sink = p;
        return p.x();
    }

    // nested inlining: outer -> middle -> inner, allocation in inner
    static int inner(int i) { return new Point(i, 2).y(); }
    static int middle(int i) { return inner(i) + 1; }
    static int outer(int i) { return middle(i) * 2; }

    // lock elimination on a non-escaping object
    static int locked(int i) {
        Object o = new Object();
        synchronized (o) { return i + 1; }
    }

    // boxing: C2 inlines valueOf late
    static int boxed(int i) {
        Integer b = i;
        return b.hashCode();
    }

    // a branch never taken while warm: unstable_if trap, then taken -> deoptimised
    static int trap(int i, boolean rare) {
        if (rare) {
            return new Point(i, i).hashCode();
        }
        return i;
    }

    // a method too big to inline
    static int big(Point p) {
        int s = 0;
        for (int k = 0; k < 3; k++) {
            s += p.x() * k + p.y() - k * 7 + (s >>> 3) ^ (p.x() << 2) + (p.y() % 5) - (s & 255) + k * p.x() * p.y() - (s | 3) + (k ^ s);
            s += p.x() * k + p.y() - k * 7 + (s >>> 3) ^ (p.x() << 2) + (p.y() % 5) - (s & 255) + k * p.x() * p.y() - (s | 3) + (k ^ s);
            s += p.x() * k + p.y() - k * 7 + (s >>> 3) ^ (p.x() << 2) + (p.y() % 5) - (s & 255) + k * p.x() * p.y() - (s | 3) + (k ^ s);
            s += p.x() * k + p.y() - k * 7 + (s >>> 3) ^ (p.x() << 2) + (p.y() % 5) - (s & 255) + k * p.x() * p.y() - (s | 3) + (k ^ s);
        }
        return s;
    }
    static int callsBig(int i) { return big(new Point(i, i)); }

    // merged allocations: eliminated on 25 (ReduceAllocationMerges), kept on 17
    static int merged(int i) {
        Point p = (i & 1) == 0 ? new Point(i, 0) : new Point(0, i);
        return p.x() + p.y();
    }

    public static void main(String[] args) {
        long s = 0;
        for (int i = 0; i < 30_000; i++) {
            s += local(i) + global(i) + outer(i) + locked(i) + boxed(i) + trap(i, false) + callsBig(i) + merged(i);
        }
        s += trap(1, true); // the pruned branch: an uncommon trap, the code is deoptimised
        for (int i = 0; i < 30_000; i++) {
            s += trap(i, (i & 1023) == 0);
        }
        // one long loop in main: OSR compilation
        for (int i = 0; i < 2_000_000; i++) {
            s += new Point(i, 1).x();
        }
        System.out.println(s);
    }
}
