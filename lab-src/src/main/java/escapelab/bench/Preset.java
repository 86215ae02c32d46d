package escapelab.bench;

import escapelab.Lab;
import escapelab.LabException;

import java.util.ArrayList;
import java.util.List;

/**
 * How long and how often JMH measures. {@code quick}: one fork, short iterations and a fixed,
 * pre-touched heap so ns/op settles fast; bytes/op (the GC profiler's gc.alloc.rate.norm: the JVM's
 * allocated bytes over the iteration's operations, a counter the JDK calls an approximation) needs no long run.
 * {@code honest}: JMH's own default forks and iterations (5 forks of 5 warm-up and 5 measured 10 s iterations), in average-time mode.
 * LAB_FAST=1 shrinks quick further for CI.
 */
public record Preset(String name, int forks, int warmups, String warmupTime, int iterations, String iterationTime,
                     List<String> jvmArgs) {
    static final List<String> FIXED_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    public static Preset quick() {
        return Lab.fast() ? new Preset("quick (LAB_FAST)", 1, 2, "100ms", 3, "100ms", FIXED_HEAP)
                : new Preset("quick", 1, 3, "500ms", 5, "500ms", FIXED_HEAP);
    }

    public static Preset honest() {
        return new Preset("honest", 5, 5, "10s", 5, "10s", List.of());
    }

    public static Preset named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "honest" -> honest();
            default -> throw LabException.input("unknown preset '" + name + "': use quick or honest");
        };
    }

    /** JMH's command-line options for this preset. */
    List<String> jmhOptions() {
        List<String> o = new ArrayList<>(List.of("-bm", "avgt", "-tu", "ns", "-f", String.valueOf(forks), "-wi", String.valueOf(warmups), "-w", warmupTime,
                "-i", String.valueOf(iterations), "-r", iterationTime));
        return o;
    }

    /** Every setting, as the report prints it so a reader can reproduce the run. */
    public String describe() {
        return name + ": average time in ns/op, " + forks + " fork(s), " + warmups + " x " + warmupTime + " warm-up, " + iterations + " x " + iterationTime
                + " measured" + (jvmArgs.isEmpty() ? "" : ", " + String.join(" ", jvmArgs));
    }

    /** Seconds one benchmark takes at the least, for time limits and progress. */
    double seconds() {
        return forks * (warmups * parse(warmupTime) + iterations * parse(iterationTime));
    }

    private static double parse(String time) {
        if (time.endsWith("ms")) {
            return Double.parseDouble(time.substring(0, time.length() - 2)) / 1000;
        }
        return Double.parseDouble(time.replace("s", ""));
    }
}
