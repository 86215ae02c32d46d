// An array just under and just over C2's elimination limit (EliminateAllocationArraySizeLimit,
// 64 elements). Both arrays stay inside the method and are read at constant indexes; only the
// length differs, and with it whether the array exists at all.
import org.openjdk.jmh.annotations.*;

@State(Scope.Thread)
public class JmhLab05_ArrayLimit {
    int seed = 7;

    @Benchmark
    public int elements64() {
        int[] a = new int[64];
        a[0] = seed;
        a[63] = seed + 1;
        return a[0] + a[63];
    }

    @Benchmark
    public int elements65() {
        int[] a = new int[65];
        a[0] = seed;
        a[64] = seed + 1;
        return a[0] + a[64];
    }
}
