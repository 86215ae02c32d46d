// The program whose allocations you predict. Do not edit it: the grader uses its own copy.
public class Program {
    record Point(int x, int y) {}

    static Point last;
    static int seed = 3;
    static int[] shared = new int[1];

    static int local() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Point p = new Point(i, seed);
            total += p.x() + p.y();
        }
        return total;
    }

    static int stored() {
        Point p = new Point(seed, seed);
        last = p;
        return p.x();
    }

    static int bigArray() {
        int[] a = new int[200];
        a[0] = seed;
        return a[seed & 1];
    }

    static int smallArray() {
        int[] a = new int[4];
        a[1] = seed;
        return a[1];
    }
}
