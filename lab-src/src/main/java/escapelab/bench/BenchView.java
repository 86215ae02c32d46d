package escapelab.bench;

import escapelab.notebook.Charts;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more JMH runs of the same benchmarks, each a variant (the default run, a JVM flag, another
 * JDK): a table with ns/op and bytes/op per variant, and the two charts.
 */
public record BenchView(String title, Map<String, BenchReport> variants) implements Renderable {
    public static BenchView of(BenchReport r) {
        return new BenchView(r.file(), Map.of("JDK " + r.jdk(), r));
    }

    /**
     * One row per benchmark, or, comparing variants, one row per benchmark and variant (benchmark,
     * variant, ns/op, bytes/op): a column pair per variant made the table wider than a notebook.
     */
    public escapelab.notebook.Table table() {
        boolean one = variants.size() == 1;
        var t = new escapelab.notebook.Table(one ? List.of("benchmark", "ns/op", "bytes/op", "allocated, GCs")
                : List.of("benchmark", "variant", "ns/op", "bytes/op"));
        Map<String, List<List<String>>> rows = new LinkedHashMap<>(); // by benchmark, in the order first measured
        for (Map.Entry<String, BenchReport> e : variants.entrySet()) {
            for (BenchReport.Result b : e.getValue().benchmarks()) {
                List<String> row = one
                        ? List.of(b.label(), BenchText.score(b.score(), b.error()), BenchText.bytes(b.bytesPerOp()),
                        String.format(java.util.Locale.ROOT, "%,.0f MB/s, %.0f GCs", b.allocMBPerSec(), b.gcCount()))
                        : List.of(b.label(), e.getKey(), BenchText.score(b.score(), b.error()), BenchText.bytes(b.bytesPerOp()));
                rows.computeIfAbsent(b.label(), k -> new java.util.ArrayList<>()).add(row);
            }
        }
        rows.values().forEach(rs -> rs.forEach(t::row));
        BenchReport first = variants.values().iterator().next();
        StringBuilder caption = new StringBuilder(first.file() + ", preset " + first.preset().describe()
                + "; bytes/op from -prof gc (gc.alloc.rate.norm)");
        // Said once, not hidden: with the JDK 25 default (warn), sun.misc.Unsafe's memory access checks its mode first.
        // Bench adds it on JDK 23 and later only, where the flag exists.
        variants.values().stream().flatMap(r -> r.jvmArgs().stream()).filter(a -> a.startsWith("--sun-misc-unsafe-memory-access"))
                .findFirst().ifPresent(a -> caption.append(variants.values().stream().allMatch(r -> r.jvmArgs().contains(a))
                        ? "; every JVM runs with " : "; the JVMs of JDK 23 and later run with ").append(a)
                        .append(" (JMH itself uses sun.misc.Unsafe)"));
        for (Map.Entry<String, BenchReport> e : variants.entrySet()) {
            List<String> extra = e.getValue().jvmArgs().stream().filter(a2 -> !first.preset().jvmArgs().contains(a2)
                    && !a2.startsWith("--sun-misc-unsafe-memory-access")).toList();
            String jdk = "JDK " + e.getValue().jdk();
            if (one || !e.getKey().equals(jdk) || !extra.isEmpty()) { // a variant named after its JDK needs no line
                caption.append(one ? "; " : "\n" + e.getKey() + ": ").append(jdk)
                        .append(extra.isEmpty() ? "" : ", " + String.join(" ", extra));
            }
        }
        return t.caption(caption.toString());
    }

    /**
     * What the run measured, as sentences for the prose under a cell: every number in them comes
     * from this run. Times are compared with the fastest benchmark of the same variant.
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, BenchReport> e : variants.entrySet()) {
            List<BenchReport.Result> rs = e.getValue().benchmarks();
            double fastest = rs.stream().mapToDouble(BenchReport.Result::score).min().orElse(Double.NaN);
            b.append(variants.size() > 1 ? "- **" + e.getKey() + "**: " : "- ");
            List<String> parts = new java.util.ArrayList<>();
            for (BenchReport.Result r : rs) {
                String label = r.label().substring(r.label().indexOf('.') + 1);
                parts.add("`" + label + "` " + String.format(java.util.Locale.ROOT, "%.2f", r.score()) + " ns/op"
                        + (rs.size() > 1 && r.score() > fastest * 1.5 ? String.format(java.util.Locale.ROOT, " (%.1fx the fastest)", r.score() / fastest) : "")
                        + (Double.isNaN(r.bytesPerOp()) ? ", bytes/op not measured" : ", " + BenchText.bytes(r.bytesPerOp()) + "/op")
                        + (!(r.bytesPerOp() >= 0.5) ? "" : String.format(java.util.Locale.ROOT, " (%,.0f MB/s allocated, %.0f GCs while measured)",
                        r.allocMBPerSec(), r.gcCount())));
            }
            b.append(String.join("; ", parts)).append(e.getValue().complete() ? "" : " (" + e.getValue().status() + ")").append('\n');
        }
        return b.toString();
    }

    private List<String> problems() {
        return variants.entrySet().stream().filter(e -> !e.getValue().complete())
                .map(e -> e.getKey() + ": " + e.getValue().status() + ": " + String.join("; ", e.getValue().failures())).toList();
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(table().toText());
        problems().forEach(p -> b.append(p).append('\n'));
        return b.toString();
    }

    /** The text, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return toText();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div>");
        problems().forEach(p -> b.append("<div style=\"color:#a3240f\">").append(Html.escape(p)).append("</div>"));
        if (variants.values().stream().allMatch(r -> r.benchmarks().isEmpty())) {
            return b.append("</div>").toString(); // nothing measured: the problems say why, and there is nothing to draw
        }
        byte[] ns = BenchChart.nsPerOp(title + ": time per operation", variants);
        byte[] bytes = BenchChart.bytesPerOp(title + ": allocation per operation", variants);
        String stem = title.replace(".java", "") + "-" + Integer.toHexString(variants.keySet().hashCode());
        Charts.save(stem + "-ns", ns);
        Charts.save(stem + "-bytes", bytes);
        b.append(table().toHtml()).append("<div>").append(BenchChart.img("ns/op", ns)).append(BenchChart.img("bytes/op", bytes))
                .append("</div></div>");
        return b.toString();
    }
}
