// Stack versus heap, measured: the same Point, once kept inside the benchmark method and once
// stored where it outlives the call. Escape analysis removes the first allocation (0 bytes per
// operation); the second costs the object's size every time, and the GC has to clean it up.
// Run it again with -XX:-DoEscapeAnalysis to see what the first one would cost without it.
import org.openjdk.jmh.annotations.*;

@State(Scope.Thread)
public class JmhLab01_EscapeOrNot {
    record Point(int x, int y) {}

    int seed = 3;
    Object sink;

    @Benchmark
    public int doesNotEscape() {
        Point p = new Point(seed, seed + 1);
        return p.x() + p.y();
    }

    @Benchmark
    public void escapes() {
        sink = new Point(seed, seed + 1);
    }
}
