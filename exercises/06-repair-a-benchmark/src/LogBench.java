import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exercise 06: this benchmark claims to measure work(), but it falls into both traps of notebook
 * 04: its result is dead code, and its input is a constant the JIT can fold. Repair measure() so
 * it measures work() on an input the JIT must read; keep baseline() as it is. The grader checks
 * the structure and runs it with JMH.
 */
@State(Scope.Thread)
public class LogBench {
    static final double INPUT = Math.PI;
    double input = Math.PI;

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
    public void measure() {
        work(INPUT);
    }
}
