package escapelab.golang;

import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import java.util.List;
import java.util.Map;

/** A Go report for notebooks: each file's source with the compiler's findings under their lines, -m=2 folded. */
public record GoView(GoReport report) implements Renderable {
    private static final Map<String, String> INK = Map.of(
            GoFinding.MOVED_TO_HEAP, "#a3240f", GoFinding.ESCAPES_TO_HEAP, "#a3240f", GoFinding.LEAKING_PARAM, "#9a5b00",
            GoFinding.DOES_NOT_ESCAPE, "#11642a");

    @Override
    public String toText() {
        return GoText.text(report, true);
    }

    /** The text, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return toText();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div class=\"escape-lab-go\">");
        b.append("<div style=\"font-weight:bold;margin:4px 0").append(report.recorded() != null ? ";color:#9a5b00" : "")
                .append("\">").append(Html.escape(GoText.provenance(report))).append("</div>");
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(report.sources()).entrySet()) {
            b.append(source(file.getKey(), file.getValue()));
        }
        return b.append("</div>").toString();
    }

    String source(String name, String text) {
        StringBuilder b = new StringBuilder(Html.SOURCE_PRE);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<GoFinding> fs = report.findingsOn(name, i + 1);
            String code = lines[i].replaceAll("\\s*// ERROR.*$", "").replace("\t", "    ");
            boolean heap = fs.stream().anyMatch(GoFinding::heap);
            String bg = heap ? "#fbd9d3" : fs.stream().anyMatch(f -> f.kind().equals(GoFinding.DOES_NOT_ESCAPE)) ? "#d7f5dd" : null;
            b.append(String.format("<span style=\"color:#999\">%4d  </span>", i + 1));
            b.append(bg == null ? "" : "<span style=\"background:" + bg + "\">").append(Html.escape(code)).append(bg == null ? "" : "</span>").append('\n');
            for (GoFinding f : fs) {
                int col = visualColumn(lines[i], f.column());
                String line = "      " + " ".repeat(Math.max(0, col - 1)) + "^ " + f.message();
                String ink = INK.getOrDefault(f.kind(), "#666");
                if (f.explanation().isEmpty()) {
                    b.append("<span style=\"color:").append(ink).append("\">").append(Html.escape(line)).append("</span>\n");
                } else {
                    b.append("<details style=\"display:inline\"><summary style=\"color:").append(ink).append(";cursor:pointer\">")
                            .append(Html.escape(line)).append("  (-m=2: why)</summary>\n");
                    f.explanation().forEach(l -> b.append("          ").append(" ".repeat(Math.max(0, col - 1))).append(Html.escape(l)).append('\n'));
                    b.append("</details>");
                }
            }
        }
        return b.append("</pre>").toString();
    }

    /** Go counts a tab as one column; the page shows it as four spaces. */
    private static int visualColumn(String line, int column) {
        int v = 1;
        for (int i = 0; i < column - 1 && i < line.length(); i++) {
            v += line.charAt(i) == '\t' ? 4 : 1;
        }
        return v;
    }
}
