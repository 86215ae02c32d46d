package escapelab.notebook;

/** The little HTML the lab writes by hand: escaping, and a style sheet shared by every report. */
public final class Html {
    /** Opens an annotated-source block: monospace on every front end, so carets line up under their column. */
    public static final String SOURCE_PRE =
            "<pre style=\"line-height:1.35;font-size:12px;font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace\">";

    private Html() {
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
