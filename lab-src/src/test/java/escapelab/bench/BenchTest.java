package escapelab.bench;

import escapelab.LabException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JMH through the lab: bytes/op that match the object's size, and every way a benchmark can fail reported without harm. */
class BenchTest {
    private static final Preset TINY = new Preset("tiny", 1, 1, "100ms", 2, "100ms", Preset.FIXED_HEAP);

    private static Bench.Options tiny() {
        return Bench.Options.defaults().preset(TINY);
    }

    @Test
    @Tag("live")
    void anEliminatedAllocationIsZeroBytesAndAnEscapingOneIsItsSize() {
        List<String> progress = new ArrayList<>();
        BenchReport r = Bench.run("Pair.java", """
                import org.openjdk.jmh.annotations.*;
                @State(Scope.Thread)
                public class Pair {
                    record Point(int x, int y) {}
                    int seed = 3;
                    Object sink;
                    @Benchmark public int local() { Point p = new Point(seed, seed); return p.x() + p.y(); }
                    @Benchmark public void escaping() { sink = new Point(seed, seed); }
                }
                """, tiny().progress(progress::add));
        assertEquals("complete", r.status(), r.failures() + r.output());
        assertEquals(2, r.benchmarks().size());
        BenchReport.Result escaping = r.benchmarks().get(0);
        BenchReport.Result local = r.benchmarks().get(1);
        assertEquals("bench.Pair.escaping", escaping.name());
        assertEquals("ns/op", escaping.unit());
        assertEquals(24.0, escaping.bytesPerOp(), 0.01, "a record of two ints: 12-byte header + 8, aligned to 24");
        assertEquals("0 B", BenchText.bytes(local.bytesPerOp()));
        assertTrue(progress.contains(progress.stream().filter(l -> l.startsWith("Pair.local: iteration 2/2: ")).findFirst().orElse("none")),
                progress.toString());
        assertTrue(BenchText.json(r).contains("\"bytesPerOp\": 24.0"), BenchText.json(r));
    }

    @Test
    void aCompileErrorShowsJavacsMessage() {
        LabException e = assertThrows(LabException.class, () -> Bench.run("Broken.java",
                "import org.openjdk.jmh.annotations.*;\npublic class Broken {\n  @Benchmark public int f() { return \"no\"; }\n}\n", tiny()));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("Broken.java:3:"), e.getMessage());
    }

    @Test
    void aClassWithoutBenchmarksGetsAClearMessage() {
        LabException e = assertThrows(LabException.class, () -> Bench.run("Nothing.java", "public class Nothing { int f() { return 1; } }\n", tiny()));
        assertTrue(e.getMessage().contains("no @Benchmark method found"), e.getMessage());
    }

    @Test
    @Tag("live")
    void aBenchmarkThatThrowsIsReportedAndTheOthersStillRun() {
        BenchReport r = Bench.run("Throws.java", """
                import org.openjdk.jmh.annotations.*;
                public class Throws {
                    @Benchmark public int ok() { return 1; }
                    @Benchmark public int boom() { throw new IllegalStateException("boom"); }
                }
                """, tiny());
        assertEquals("failed", r.status());
        assertTrue(r.failures().get(0).contains("Throws.boom") && r.failures().get(0).contains("IllegalStateException: boom"), r.failures().toString());
        assertEquals(List.of("bench.Throws.ok"), r.benchmarks().stream().map(BenchReport.Result::name).toList());
    }

    @Test
    @Tag("live")
    void aBenchmarkJvmThatDoesNotStartIsAFailureNotAnEmptyTable() {
        BenchReport r = Bench.run("Fine.java", """
                import org.openjdk.jmh.annotations.*;
                public class Fine {
                    @Benchmark public int one() { return 1; }
                }
                """, tiny().jvmArgs(List.of("-XX:+NoSuchFlag")));
        assertEquals("failed", r.status(), r.output());
        assertTrue(r.benchmarks().isEmpty());
        assertTrue(r.failures().get(0).startsWith("no benchmark gave a result"), r.failures().toString());
    }

    @Test
    @Tag("live")
    void aBenchmarkThatRunsOutOfMemoryIsReported() {
        BenchReport r = Bench.run("Hog.java", """
                import org.openjdk.jmh.annotations.*;
                import java.util.*;
                @State(Scope.Thread)
                public class Hog {
                    List<long[]> kept = new ArrayList<>();
                    @Benchmark public int hog() { kept.add(new long[1 << 20]); return kept.size(); }
                }
                """, tiny().jvmArgs(List.of("-Xmx64m", "-Xms64m")));
        assertEquals("failed", r.status(), r.output());
        assertTrue(r.failures().get(0).contains("OutOfMemoryError"), r.failures().toString());
    }

    @Test
    @Tag("live")
    void aBenchmarkThatNeverEndsIsStoppedAtTheTimeLimit() {
        long start = System.nanoTime();
        BenchReport r = Bench.run("Forever.java", """
                import org.openjdk.jmh.annotations.*;
                public class Forever {
                    static volatile boolean stop;
                    @Benchmark public int spin() { while (!stop) { Thread.onSpinWait(); } return 1; }
                }
                """, tiny().timeLimit(Duration.ofSeconds(6))); // the limit starts after javac: JMH's JVM and its fork start within it
        assertEquals("timed-out", r.status());
        assertTrue(r.failures().get(0).contains("time limit") && r.failures().get(0).contains("Forever.spin"), r.failures().toString());
        assertTrue((System.nanoTime() - start) / 1e9 < 60);
    }
}
