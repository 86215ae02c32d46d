// Constant folding (after JMH's JMHSample_10_ConstantFold). When the input is a constant the
// JIT can compute the answer once, while compiling, and the benchmark measures a load. Wrong:
// a static final input. Right: a field of the @State object, which must be read every time.
import org.openjdk.jmh.annotations.*;

@State(Scope.Thread)
public class JmhLab03_ConstantFolding {
    private static final double WRONG = Math.PI;
    private double right = Math.PI;

    static double work(double x) {
        double r = x;
        for (int i = 0; i < 10; i++) {
            r = r * 1.0001 + x / (i + 1);
        }
        return r;
    }

    @Benchmark
    public double measureWrong() {
        return work(WRONG);
    }

    @Benchmark
    public double measureRight() {
        return work(right);
    }
}
