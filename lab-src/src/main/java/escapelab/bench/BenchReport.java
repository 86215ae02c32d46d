package escapelab.bench;

import java.util.List;
import java.util.Map;

/**
 * A JMH run: every benchmark's score with its error and its bytes per operation, the settings
 * that produced them, and what went wrong where something did.
 *
 * @param status   complete, failed (a benchmark threw or ran out of memory), timed-out
 * @param failures one line per benchmark that did not finish, with JMH's reason
 */
public record BenchReport(String file, String jdk, Preset preset, List<String> jvmArgs, List<Result> benchmarks,
                          String status, List<String> failures, String output) {

    /**
     * One benchmark at one parameter setting. bytesPerOp is NaN where JMH did not measure allocation
     * (no gc.alloc.rate.norm: the GC profiler was off or could not count);
     * allocMBPerSec and gcCount are the GC profiler's allocation rate and collections in the run.
     */
    public record Result(String name, Map<String, String> params, String mode, double score, double error, String unit,
                         double bytesPerOp, double bytesPerOpError, double allocMBPerSec, double gcCount) {
        /** {@code Cls.method} with its parameters, as a label: {@code sum (size=100)}. */
        public String label() {
            return params.isEmpty() ? shortName(name) : shortName(name) + " " + params;
        }
    }

    /** {@code Cls.method} of JMH's {@code package.Cls.method}. */
    static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
    }

    public boolean complete() {
        return status.equals("complete");
    }
}
