/**
 * Exercise 01: make sum() allocate nothing, keeping its result. The grader measures the bytes
 * one call allocates after warm-up, with the lab's escape engine, and checks the result.
 */
public class Sums {
    record Point(int x, int y) {}

    static Point last;

    public static long sum(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            Point p = new Point(i, i + 1);
            last = p; // kept for debugging
            total += (long) p.x() * p.y();
        }
        return total;
    }
}
