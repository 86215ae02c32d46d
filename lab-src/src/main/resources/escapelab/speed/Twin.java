// The program the speed benchmark analyses; twin.go is the same logic in Go.
public class Twin {
    record Point(int x, int y) {}
    static Object sink;
    static int seed = 3;

    static int local() {
        Point p = new Point(seed, seed + 1);
        return p.x() + p.y();
    }

    static int stored() {
        Point p = new Point(seed, seed);
        sink = p;
        return p.x();
    }

    static int merged() {
        Point p = (seed & 1) == 0 ? new Point(1, 2) : new Point(3, 4);
        return p.x();
    }

    static int array() {
        int[] a = new int[8];
        a[1] = seed;
        return a[1];
    }
}
