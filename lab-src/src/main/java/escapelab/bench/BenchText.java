package escapelab.bench;

import com.google.gson.annotations.JsonAdapter;
import escapelab.notebook.Json;
import escapelab.notebook.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A JMH report as a table (terminal and notebook) and as the JSON of DESIGN.md. */
public final class BenchText {
    private BenchText() {
    }

    /**
     * Bytes per operation as people read them. Objects come in multiples of 8 bytes; what the GC
     * profiler reports below half a byte is JMH's own allocation spread over many operations.
     */
    public static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "not measured";
        }
        return b < 0.5 ? "0 B" : b < 10 ? String.format(Locale.ROOT, "%.1f B", b) : String.format(Locale.ROOT, "%,.0f B", b);
    }

    public static String score(double score, double error) {
        String e = Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %.3f", error);
        return String.format(Locale.ROOT, "%.3f", score) + e;
    }

    public static String settings(BenchReport r) {
        return r.file() + " on JDK " + r.jdk() + ", preset " + r.preset().describe()
                + (r.jvmArgs().isEmpty() ? "" : "; JVM flags " + String.join(" ", r.jvmArgs()))
                + "; bytes/op from -prof gc (gc.alloc.rate.norm)";
    }

    public static Table table(BenchReport r) {
        Table t = new Table(List.of("benchmark", "ns/op", "bytes/op", "allocated MB/s", "GCs"));
        for (BenchReport.Result b : r.benchmarks()) {
            t.row(b.label(), score(b.score(), b.error()) + (b.unit().equals("ns/op") ? "" : " " + b.unit()), bytes(b.bytesPerOp()),
                    String.format(Locale.ROOT, "%,.0f", b.allocMBPerSec()), String.format(Locale.ROOT, "%.0f", b.gcCount()));
        }
        for (String f : r.failures()) {
            t.row(f, "failed", "", "", "");
        }
        return t.caption(settings(r));
    }

    public static String text(BenchReport r) {
        StringBuilder b = new StringBuilder(table(r).toText());
        if (!r.complete()) {
            b.append(r.status()).append(": ").append(String.join("; ", r.failures())).append('\n');
        }
        return b.toString();
    }

    public static String json(BenchReport r) {
        return Json.write(JsonReport.of(r)) + "\n";
    }

    /** The report as {@code ./lab bench --json} prints it (DESIGN.md's contract); {@code failures} only when some failed. */
    public record JsonReport(String preset, String jdk, List<String> jvmArgs, String status, List<JsonBenchmark> benchmarks,
                             List<String> failures) {
        public static JsonReport of(BenchReport r) {
            return new JsonReport(r.preset().name(), r.jdk(), r.jvmArgs(), r.status(),
                    r.benchmarks().stream().map(JsonBenchmark::of).toList(), r.failures().isEmpty() ? null : r.failures());
        }
    }

    /**
     * One benchmark: {@code Cls.method}, JMH's score and error ({@code null} when JMH gives none, as
     * with a single iteration) and bytes per operation ({@code null} when JMH did not measure allocation).
     */
    public record JsonBenchmark(String name, Map<String, String> params, double score,
                                @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) Double error,
                                String unit, @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) Double bytesPerOp) {
        static JsonBenchmark of(BenchReport.Result b) {
            return new JsonBenchmark(b.name().replaceFirst("^bench\\.", ""), b.params(), b.score(),
                    Double.isNaN(b.error()) ? null : b.error(), b.unit(),
                    // the profiler's last decimals are JMH's own noise
                    Double.isNaN(b.bytesPerOp()) ? null : Math.round(b.bytesPerOp() * 100) / 100.0);
        }
    }
}
