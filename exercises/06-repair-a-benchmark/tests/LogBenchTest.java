import escapelab.bench.Bench;
import escapelab.bench.BenchReport;
import escapelab.bench.Preset;
import escapelab.grade.Points;
import escapelab.grade.Submission;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded structurally (the result is consumed) and by its measured time: with a constant input the work folds, and measure() is as fast as baseline(). */
class LogBenchTest {
    @Test
    @Points(3)
    void measureConsumesItsResultReadsItsInputAndTakesTime() throws Exception {
        Method m = Arrays.stream(LogBench.class.getDeclaredMethods()).filter(x -> x.getName().equals("measure")).findFirst()
                .orElseThrow(() -> new AssertionError("measure() is gone"));
        boolean consumed = m.getReturnType() != void.class
                || Arrays.stream(m.getParameterTypes()).anyMatch(t -> t.getSimpleName().equals("Blackhole"));
        assertTrue(consumed, "measure() drops work()'s result: return it or give it to a Blackhole");
        String source = Files.readString(Submission.file("LogBench.java"));
        Preset tiny = new Preset("grading", 1, 2, "200ms", 3, "200ms", java.util.List.of("-Xms256m", "-Xmx256m"));
        BenchReport r = Bench.run("LogBench.java", source, Bench.Options.defaults().preset(tiny));
        double baseline = r.benchmarks().stream().filter(b -> b.name().endsWith(".baseline")).findFirst()
                .orElseThrow(() -> new AssertionError("baseline() is gone: keep it as it is, measure() is compared with it")).score();
        double measure = r.benchmarks().stream().filter(b -> b.name().endsWith(".measure")).findFirst().orElseThrow().score();
        assertTrue(measure > 5 * baseline, String.format(
                "measure() takes %.2f ns/op against baseline's %.2f: the JIT still folds or drops the work", measure, baseline));
    }
}
