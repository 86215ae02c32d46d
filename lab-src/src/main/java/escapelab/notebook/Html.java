package escapelab.notebook;

/** The little HTML the lab writes by hand: escaping, and a style sheet shared by every report. */
public final class Html {
    /** A monospace font on every front end, so carets line up under their column. */
    public static final String MONOSPACE = "font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace";

    /** Opens an annotated-source block. */
    public static final String SOURCE_PRE = "<pre style=\"line-height:1.35;font-size:12px;" + MONOSPACE + "\">";

    /**
     * Where a long name may break: after a dot, comma, slash or colon that a letter follows, after the $ of a nested
     * or generated class, and before the address a hidden class's name ends in ({@code Foo$$Lambda.0x0000000044...}),
     * never inside a number such as 4.4.
     */
    private static final java.util.regex.Pattern BREAK = java.util.regex.Pattern.compile(
            "(?<=[.,/:])(?=[A-Za-z_<$]|0x)|(?<=\\$)(?=[A-Za-z_])");

    private Html() {
    }

    /**
     * Opens a line of monospace text that wraps instead of widening the page: its first line
     * starts at column {@code first}, the lines it wraps to at column {@code rest} (at most half
     * the width, so a deep indent still leaves room). Close it with {@code </div>}.
     */
    public static String hangingLine(int first, int rest, String style) {
        return "<div style=\"white-space:pre-wrap;overflow-wrap:anywhere;padding-left:min(" + rest + "ch,50%);text-indent:"
                + (first - rest) + "ch" + (style.isEmpty() ? "" : ";" + style) + "\">";
    }

    /** A number and the unit after it, which a line should not part ("5.7 GiB" on two lines of a narrow column). */
    private static final java.util.regex.Pattern NUMBER_UNIT = java.util.regex.Pattern.compile("(?<=\\d) (?=(?:B|KiB|MiB|GiB|TiB|ns|us|ms|s)\\b)");

    /** Escaped, with places to break long qualified names ({@code Lab11_LockElision.synchronizedMethod}) in a table cell. */
    public static String breakable(String s) {
        return NUMBER_UNIT.matcher(BREAK.matcher(escape(s)).replaceAll("<wbr>")).replaceAll("&nbsp;");
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
