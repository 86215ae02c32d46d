package escapelab.notebook;

import java.util.ArrayList;
import java.util.List;

/** A plain table: aligned columns in a terminal, a styled table in a notebook. */
public final class Table implements Renderable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private String caption = "";

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table caption(String text) {
        this.caption = text;
        return this;
    }

    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public Table row(String... cells) {
        return row(List.of(cells));
    }

    public List<String> headers() {
        return headers;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    @Override
    public String toText() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!caption.isEmpty()) {
            b.append(caption).append('\n');
        }
        appendLine(b, headers, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        appendLine(b, rule, width);
        rows.forEach(r -> appendLine(b, r, width));
        return b.toString();
    }

    private static void appendLine(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length()));
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table class=\"escape-lab\" style=\"border-collapse:collapse\">");
        if (!caption.isEmpty()) {
            b.append("<caption style=\"text-align:left;font-weight:bold;white-space:pre-line\">").append(Html.escape(caption)).append("</caption>");
        }
        b.append("<thead><tr>");
        headers.forEach(h -> b.append("<th style=\"text-align:left;padding:2px 10px;border-bottom:1px solid #888\">")
                .append(Html.escape(h)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (List<String> r : rows) {
            b.append("<tr>");
            // Long qualified names may break at their dots, so a column of them need not widen the page.
            r.forEach(cell -> b.append("<td style=\"text-align:left;padding:2px 10px\">").append(Html.breakable(cell)).append("</td>"));
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
