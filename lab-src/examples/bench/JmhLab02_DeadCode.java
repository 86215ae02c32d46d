// The dead-code trap (after JMH's JMHSample_08_DeadCode). A result nobody uses may be removed
// by the JIT together with the work that made it, and the benchmark then measures nothing.
// Wrong: compute and drop. Right: return the result, or hand it to a Blackhole; JMH consumes
// either. Compare each with the empty baseline.
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

@State(Scope.Thread)
public class JmhLab02_DeadCode {
    double x = Math.PI;

    static double work(double x) {
        double r = x;
        for (int i = 0; i < 10; i++) {
            r = r * 1.0001 + x / (i + 1);
        }
        return r;
    }

    @Benchmark
    public void baseline() {
    }

    @Benchmark
    public void measureWrong() {
        work(x);
    }

    @Benchmark
    public double measureRight() {
        return work(x);
    }

    @Benchmark
    public void measureRightBlackhole(Blackhole bh) {
        bh.consume(work(x));
    }
}
