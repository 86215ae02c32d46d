package escapelab.layout;

import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** One class in several modes: a table of offsets and sizes, a column a mode, and the memory map of each. */
public record LayoutReport(String className, List<Layout> layouts) implements Renderable {

    public Table table() {
        List<String> headers = new ArrayList<>(List.of(className));
        layouts.forEach(l -> headers.add(l.label()));
        Table t = new Table(headers);
        LinkedHashSet<String> names = new LinkedHashSet<>();
        layouts.stream().filter(Layout::ok).forEach(l -> l.fields().forEach(f -> names.add(f.name())));
        t.row(row("header", l -> l.headerSize() + " B"));
        for (String name : names) {
            t.row(row(name + " (" + typeOf(name) + ")", l -> l.fields().stream().filter(f -> f.name().equals(name)).findFirst()
                    .map(f -> "offset " + f.offset() + ", " + f.size() + " B").orElse("")));
        }
        t.row(row("padding", l -> l.padding() + " B"));
        t.row(row("instance size", l -> l.instanceSize() + " B"));
        return t.caption("Layout of " + className + " by JOL, each column a JVM started in that mode (offsets and sizes in bytes)");
    }

    private String typeOf(String field) {
        return layouts.stream().filter(Layout::ok).flatMap(l -> l.fields().stream()).filter(f -> f.name().equals(field))
                .map(f -> f.type().replaceAll(".*\\.", "")).findFirst().orElse("?");
    }

    private List<String> row(String first, java.util.function.Function<Layout, String> cell) {
        List<String> r = new ArrayList<>(List.of(first));
        layouts.forEach(l -> r.add(l.ok() ? cell.apply(l) : first.equals("header") ? "unavailable: " + firstLine(l.error()) : ""));
        return r;
    }

    /** A cell holds an error's first line; the whole of it (javac's source lines and carets) comes under the table. */
    private static String firstLine(String error) {
        int end = error.indexOf('\n');
        return end < 0 ? error : error.substring(0, end) + " (more below)";
    }

    /** The layout in one mode, by its column label ("default", "compact-headers", ...). */
    public Layout in(String label) {
        return layouts.stream().filter(l -> l.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mode " + label + " in this report"));
    }

    /** One line a mode whose JVM warned about its flags, with the JVM's words. */
    public List<String> warnings() {
        return layouts.stream().filter(l -> l.warning() != null).map(l -> l.label() + ": the JVM warned: " + l.warning()).toList();
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(table().toText());
        for (Layout l : layouts) {
            if (!l.ok()) {
                b.append(l.label()).append(": ").append(l.error()).append('\n');
            }
        }
        warnings().forEach(w -> b.append(w).append('\n'));
        return b.toString();
    }

    /** The text, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return toText();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder(table().toHtml()).append("<div style=\"display:flex;flex-wrap:wrap;gap:12px\">");
        for (Layout l : layouts) {
            b.append("<div><div style=\"font-size:12px;font-weight:bold\">").append(Html.escape(l.label()))
                    .append(l.ok() ? String.format(Locale.ROOT, ": %d bytes", l.instanceSize()) : "").append("</div>")
                    .append(l.ok() ? MemoryMap.of(l).toSvg() : "<div style=\"color:#a3240f;max-width:300px;font-size:12px\">"
                            + Html.escape(l.error()) + "</div>")
                    .append("</div>");
        }
        b.append("</div>");
        warnings().forEach(w -> b.append("<div style=\"font-size:12px;color:#8a5a00\">").append(Html.escape(w)).append("</div>"));
        return b.toString();
    }
}
