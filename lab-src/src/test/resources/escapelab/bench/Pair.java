package bench;
import org.openjdk.jmh.annotations.*;
@State(Scope.Thread)
public class Pair {
    record Point(int x, int y) {}
    int seed = 3;
    Object sink;
    @Param({"1", "8"}) int n;
    @Benchmark public int local() { Point p = new Point(seed, n); return p.x() + p.y(); }
    @Benchmark public void escaping() { sink = new Point(seed, n); }
}
