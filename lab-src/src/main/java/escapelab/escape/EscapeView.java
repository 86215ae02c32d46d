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
        return EscapeText.text(report, true) + printedText();
    }

    /** One line a site, as ./lab escape prints it, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return EscapeText.text(report, false) + printedText();
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
        return "<div class=\"escape-lab-report\">" + sourceHtml() + tableHtml() + "</div>";
    }

    /**
     * The heading, the source with each site's message under its line, and what the program
     * printed: the report without its table, as the Java column of {@code Go.twins} shows it. Long
     * lines wrap, each under its own start, so nothing needs a sideways scroll.
     */
    public String sourceHtml() {
        Map<Integer, List<Finding>> byLine = new TreeMap<>();
        for (Finding v : report.sites()) {
            byLine.computeIfAbsent(v.site().line(), k -> new ArrayList<>()).add(v);
        }
        StringBuilder b = new StringBuilder();
        b.append("<div style=\"font-weight:bold;margin:4px 0 0\">").append(Html.escape(report.file())).append(" on JDK ")
                .append(Html.escape(report.jdk())).append("</div>");
        if (!report.flags().isEmpty()) {
            b.append("<div style=\"").append(Html.MONOSPACE).append(";font-size:11px;overflow-wrap:anywhere\">")
                    .append(Html.escape(String.join(" ", report.flags()))).append("</div>");
        }
        if (!report.complete()) {
            b.append("<div style=\"color:#a3240f;margin:4px 0;white-space:pre-wrap\">").append(Html.escape(report.status() + ": " + report.statusDetail())).append("</div>");
        }
        b.append("<div class=\"escape-lab-source\" style=\"").append(Html.MONOSPACE).append(";font-size:12px;line-height:1.35;margin:4px 0\">");
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<Finding> vs = byLine.get(i + 1);
            String code = lines[i].replaceAll("\\s*// EXPECT.*$", "");
            String bg = vs == null ? null : COLOUR.get(worst(vs));
            b.append(Html.hangingLine(0, GUTTER, "")).append(String.format("<span style=\"color:#999\">%4d  </span>", i + 1))
                    .append(bg == null ? "" : "<span style=\"background:" + bg + "\">").append(Html.escape(code))
                    .append(bg == null ? "" : "</span>").append("</div>");
            for (Finding v : vs == null ? List.<Finding>of() : vs) {
                // The caret under the site's column, the message after it; wrapped lines start under the message.
                b.append(Html.hangingLine(GUTTER + v.site().column() - 1, GUTTER + v.site().column() + 1, "color:" + INK.get(v.verdict())))
                        .append(Html.escape("^ " + v.message()))
                        .append(v.bytesPerCall() == null ? "" : Html.escape(" [" + EscapeText.bytes(v.bytesPerCall().bytes()) + " per call of " + v.bytesPerCall().method() + "]"))
                        .append("</div>");
            }
        }
        b.append("</div>");
        return b.append(printedHtml()).toString();
    }

    /** Columns of the line numbers before the source: "  12  ". */
    private static final int GUTTER = 6;

    /**
     * The verdicts as a table narrow enough for a notebook: one short row a site, with the reasons
     * and the C2 compilations on a line of their own under it.
     */
    String tableHtml() {
        List<String> headers = List.of("line", "site", "in", "verdict", "escape state", "bytes/call");
        StringBuilder b = new StringBuilder("<table class=\"escape-lab\" style=\"border-collapse:collapse;margin:6px 0\"><thead><tr>");
        headers.forEach(h -> b.append("<th style=\"text-align:left;padding:2px 6px;border-bottom:1px solid #888\">").append(h).append("</th>"));
        b.append("</tr></thead><tbody>");
        int n = 0;
        for (Finding v : report.sites()) {
            // A site's two rows share one shade, so the eye can tell which reasons belong to which row.
            String shade = n++ % 2 == 0 ? "transparent" : "rgba(127,127,127,0.1)";
            String cell = "<td style=\"text-align:left;vertical-align:top;padding:2px 6px\">";
            b.append("<tr style=\"background:").append(shade).append("\">");
            for (String c : List.of(v.site().line() + ":" + v.site().column(), v.site().what(), v.site().method().display())) {
                b.append(cell).append(Html.breakable(c)).append("</td>");
            }
            b.append("<td style=\"text-align:left;vertical-align:top;padding:2px 6px;color:").append(INK.get(v.verdict())).append("\">")
                    .append(Html.escape(v.verdict().toString())).append("</td>");
            b.append(cell).append(Html.escape(v.escapeState().hotspotName())).append("</td>");
            b.append(cell).append(Html.breakable(measured(v))).append("</td></tr>");
            b.append("<tr style=\"background:").append(shade).append("\"><td></td>")
                    .append("<td colspan=\"").append(headers.size() - 1).append("\" style=\"text-align:left;padding:0 6px 4px;font-size:90%\">")
                    .append(Html.breakable(why(v)));
            if (!v.contexts().isEmpty()) {
                b.append("<div style=\"color:#777\">").append(Html.breakable(compilations(v))).append("</div>");
            }
            b.append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** Each C2 compilation containing the site: "#129 of Demo.f: kept, ArgEscape". */
    private static String compilations(Finding v) {
        return "C2 " + String.join("; ", v.contexts().stream().map(c -> EscapeText.context(c).replaceFirst("^C2 compilation ", "#")).toList());
    }

    /** What the program printed, when it printed anything, with the count of the lines left out. */
    String printedText() {
        if (report.programOutput().isBlank()) {
            return "";
        }
        return "\nWhat the program printed:\n" + report.programOutput()
                + (report.programLinesCut() == 0 ? "" : "(" + report.programLinesCut() + " more lines not shown)\n");
    }

    private String printedHtml() {
        if (report.programOutput().isBlank()) {
            return "";
        }
        return "<div style=\"font-weight:bold;margin:6px 0 2px\">What the program printed</div>"
                + "<div class=\"escape-lab-printed\" style=\"" + Html.MONOSPACE + ";font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere;"
                + "padding:4px 8px;background:rgba(127,127,127,0.1)\">" + Html.escape(report.programOutput().stripTrailing()) + "</div>"
                + (report.programLinesCut() == 0 ? ""
                : "<div style=\"font-size:90%;color:#777\">" + report.programLinesCut() + " more lines not shown</div>");
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
