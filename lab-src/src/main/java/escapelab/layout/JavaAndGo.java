package escapelab.layout;

import escapelab.golang.GoLayout;
import escapelab.golang.GoTool;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Java class's layout (JOL, default mode) beside Go's layout of the struct with the same fields,
 * with what differs counted from the two: the header, the order, the padding.
 */
public record JavaAndGo(Layout java, GoLayout go) implements Renderable {

    public static JavaAndGo of(String fileName, String source, String className) {
        Layout java = Layouts.of(fileName, source, className, Layouts.defaultTarget()).layouts().get(0);
        if (!java.ok()) {
            throw new IllegalStateException(java.error());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        java.declared().forEach(f -> fields.put(f.name(), f.type()));
        return new JavaAndGo(java, GoLayout.of(className.replaceAll(".*[.$]", ""), fields, GoTool.require()));
    }

    public Table table() {
        Table t = new Table(List.of("field", "Java type", "Java offset, size", "Go type", "Go offset, size"));
        t.row("header", "", "0, " + java.headerSize(), "", "(none)");
        for (GoLayout.Field g : go.fields()) {
            Layout.Field j = java.fields().stream().filter(f -> f.name().equals(g.name())).findFirst().orElse(null);
            t.row(g.name(), j == null ? "" : j.type().replaceAll(".*\\.", ""), j == null ? "" : j.offset() + ", " + j.size(),
                    g.goType(), g.offset() + ", " + g.size());
        }
        t.row("padding", "", java.padding() + " B", "", go.padding() + " B");
        t.row("total", "", java.instanceSize() + " B", "", go.size() + " B");
        return t.caption(java.className() + ": JOL on JDK " + java.jdk() + " beside unsafe.Sizeof/Offsetof from " + go.goVersion());
    }

    /** The differences, counted from the two layouts. */
    public String summary() {
        List<String> javaOrder = java.fields().stream().sorted((a, b) -> Long.compare(a.offset(), b.offset())).map(Layout.Field::name).toList();
        List<String> declared = java.declared().stream().map(Layout.Field::name).toList();
        return "Java: " + java.instanceSize() + " bytes, of which " + java.headerSize() + " are the object header and "
                + java.padding() + " padding; the JVM " + (javaOrder.equals(declared) ? "kept the declaration order" :
                "reordered the fields (" + String.join(", ", javaOrder) + ") to fill gaps")
                + ". Go: " + go.size() + " bytes, no header, fields in declaration order (" + String.join(", ", declared)
                + "), each at an offset rounded up to its type's alignment, " + go.padding() + " bytes of padding."
                + java.fields().stream().filter(f -> !GoLayoutTypes.primitive(f.type())).findFirst()
                .map(f -> " A reference takes " + f.size() + " bytes in this JVM" + (f.size() == 4 ? " (a compressed oop)" : "")
                        + " and " + go.fields().stream().filter(g -> g.name().equals(f.name())).findFirst().map(GoLayout.Field::size).orElse(8L)
                        + " in Go.").orElse("");
    }

    @Override
    public String toText() {
        return table().toText() + summary() + "\n";
    }

    @Override
    public String toHtml() {
        return table().toHtml() + "<p>" + Html.escape(summary()) + "</p><div style=\"display:flex;gap:16px\"><div>"
                + "<div style=\"font-size:12px;font-weight:bold\">Java (JOL)</div>" + MemoryMap.of(java).toSvg() + "</div>"
                + "<div><div style=\"font-size:12px;font-weight:bold\">Go</div>" + MemoryMap.of(asLayout(go)).toSvg() + "</div></div>";
    }

    /** Java's primitive type names. */
    private static final class GoLayoutTypes {
        static boolean primitive(String t) {
            return List.of("boolean", "byte", "char", "short", "int", "long", "float", "double").contains(t);
        }
    }

    /** Go's struct drawn with the same picture: no header. */
    private static Layout asLayout(GoLayout g) {
        List<Layout.Field> fs = g.fields().stream().map(f -> new Layout.Field(f.name(), f.goType().equals("unsafe.Pointer")
                ? "unsafe.Pointer" : f.goType(), f.offset(), f.size(), g.struct())).toList();
        return new Layout("go", Mode.DEFAULT, g.goVersion(), g.struct(), g.size(), 0, 0, 0, fs, fs, null, null);
    }
}
