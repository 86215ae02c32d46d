package escapelab.escape;

import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An escape report with its source, for notebooks: the source with every site marked, then a table. */
public record EscapeView(EscapeReport report, String source) implements Renderable {
    private static final Map<Verdict, String> COLOUR = Map.of(
            Verdict.ELIMINATED, "#d7f5dd", Verdict.KEPT, "#fbd9d3", Verdict.NOT_COMPILED, "#e8e8e8");
    private static final Map<Verdict, String> INK = Map.of(
            Verdict.ELIMINATED, "#11642a", Verdict.KEPT, "#a3240f", Verdict.NOT_COMPILED, "#555");

    @Override
    public String toText() {
        return EscapeText.text(report, true);
    }

    /** One line a site, as ./lab escape prints it, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return EscapeText.text(report, false);
    }

    /** The verdicts as a table: position, site, verdict, bytes per call, reason. */
    public Table table() {
        Table t = new Table(List.of("line", "site", "in", "verdict", "escape state", "bytes/call", "why", "C2 compilations"));
        for (Finding v : report.sites()) {
            t.row(v.site().line() + ":" + v.site().column(), v.site().what(), v.site().method().display(), v.verdict().toString(),
                    v.escapeState().hotspotName(), measured(v),
                    why(v),
                    String.join("; ", v.contexts().stream().map(c -> EscapeText.context(c).replaceFirst("^C2 compilation ", "#")).toList()));
        }
        return t.caption(report.file() + " on JDK " + report.jdk() + (report.flags().isEmpty() ? "" : " " + String.join(" ", report.flags())));
    }

    @Override
    public String toHtml() {
        Map<Integer, List<Finding>> byLine = new TreeMap<>();
        for (Finding v : report.sites()) {
            byLine.computeIfAbsent(v.site().line(), k -> new ArrayList<>()).add(v);
        }
        StringBuilder b = new StringBuilder("<div class=\"escape-lab-report\">");
        b.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Html.escape(report.file())).append(" on JDK ")
                .append(Html.escape(report.jdk())).append(Html.escape(report.flags().isEmpty() ? "" : " " + String.join(" ", report.flags())))
                .append("</div>");
        if (!report.complete()) {
            b.append("<div style=\"color:#a3240f;margin:4px 0\">").append(Html.escape(report.status() + ": " + report.statusDetail())).append("</div>");
        }
        b.append(Html.SOURCE_PRE);
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<Finding> vs = byLine.get(i + 1);
            String code = lines[i].replaceAll("\\s*// EXPECT.*$", "");
            String bg = vs == null ? null : COLOUR.get(worst(vs));
            b.append(String.format("<span style=\"color:#999\">%4d  </span>", i + 1));
            b.append(bg == null ? "" : "<span style=\"background:" + bg + "\">").append(Html.escape(code)).append(bg == null ? "" : "</span>").append('\n');
            for (Finding v : vs == null ? List.<Finding>of() : vs) {
                b.append("      ").append(" ".repeat(Math.max(0, v.site().column() - 1)))
                        .append("<span style=\"color:").append(INK.get(v.verdict())).append("\">^ ")
                        .append(Html.escape(v.message()))
                        .append(v.bytesPerCall() == null ? "" : Html.escape(" [" + EscapeText.bytes(v.bytesPerCall().bytes()) + " per call of " + v.bytesPerCall().method() + "]"))
                        .append("</span>\n");
            }
        }
        b.append("</pre>").append(table().toHtml()).append("</div>");
        return b.toString();
    }

    /** Why, in the message's words; then the other reasons it was kept, if any. */
    private static String why(Finding v) {
        if (v.verdict() == Verdict.ELIMINATED) {
            return v.site().kind() == Site.Kind.LOCK ? "lock elided" : v.site().what().startsWith("box ") ? "no box allocated" : "scalar replaced";
        }
        List<String> parts = new ArrayList<>(List.of(v.explanation()));
        parts.addAll(v.reasons().subList(Math.min(1, v.reasons().size()), v.reasons().size()));
        return String.join("; ", parts);
    }

    /** Bytes per call, naming the method they were measured in when it is not the site's own. */
    static String measured(Finding v) {
        if (v.bytesPerCall() == null) {
            return "";
        }
        String b = EscapeText.bytes(v.bytesPerCall().bytes());
        return v.bytesPerCall().method().equals(v.site().method().display()) ? b : b + " (in " + v.bytesPerCall().method() + ")";
    }

    private static Verdict worst(List<Finding> vs) {
        if (vs.stream().anyMatch(v -> v.verdict() == Verdict.KEPT)) {
            return Verdict.KEPT;
        }
        return vs.stream().allMatch(v -> v.verdict() == Verdict.ELIMINATED) ? Verdict.ELIMINATED : Verdict.NOT_COMPILED;
    }
}
