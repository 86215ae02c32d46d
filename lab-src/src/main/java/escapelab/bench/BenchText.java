package escapelab.bench;

import escapelab.notebook.Json;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("preset", r.preset().name());
        o.put("jdk", r.jdk());
        o.put("jvmArgs", r.jvmArgs());
        o.put("status", r.status());
        List<Object> list = new ArrayList<>();
        for (BenchReport.Result b : r.benchmarks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name().replaceFirst("^bench\\.", ""));
            m.put("params", b.params());
            m.put("score", b.score());
            m.put("error", Double.isNaN(b.error()) ? null : b.error());
            m.put("unit", b.unit());
            // the profiler's last decimals are JMH's own noise; null where JMH did not measure allocation
            m.put("bytesPerOp", Double.isNaN(b.bytesPerOp()) ? null : Math.round(b.bytesPerOp() * 100) / 100.0);
            list.add(m);
        }
        o.put("benchmarks", list);
        if (!r.failures().isEmpty()) {
            o.put("failures", r.failures());
        }
        return Json.write(o) + "\n";
    }
}
