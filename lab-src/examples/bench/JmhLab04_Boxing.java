// Boxing inside and outside the Integer cache. Integer.valueOf returns a shared object for
// -128..127 (by default; the upper bound can be raised) and allocates for anything else. The boxes go to a Blackhole, so they escape and
// escape analysis cannot remove them: what remains is the cache's effect alone.
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

@State(Scope.Thread)
public class JmhLab04_Boxing {
    int small = 100;
    int large = 1000;

    @Benchmark
    public void insideTheCache(Blackhole bh) {
        Integer boxed = small;
        bh.consume(boxed);
    }

    @Benchmark
    public void outsideTheCache(Blackhole bh) {
        Integer boxed = large;
        bh.consume(boxed);
    }
}
