package escapelab.golang;

import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Go example built by two Go releases, side by side, and the findings that differ between
 * them, counted from the two reports (positions compared, messages quoted as each release printed them).
 */
public record GoReleases(GoReport older, GoReport current) implements Renderable {

    /** The example on the release named (downloaded like GOTOOLCHAIN does, or its recorded transcript) and on the lab's Go. */
    public static GoReleases of(String example, String release) {
        GoEscape.Options o = GoEscape.exampleOptions(example);
        return new GoReleases(GoEscape.onRelease(example, release, o), GoEscape.example(example, o));
    }

    /** One line per source position where the two releases printed different escape findings. */
    public List<String> differences() {
        Map<String, List<String>> a = escapeFindings(older);
        Map<String, List<String>> b = escapeFindings(current);
        TreeSet<String> positions = new TreeSet<>(a.keySet());
        positions.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String at : positions) {
            List<String> x = a.getOrDefault(at, List.of());
            List<String> y = b.getOrDefault(at, List.of());
            if (!x.equals(y)) {
                out.add(at + ": " + older.goVersion() + " says " + quoted(x) + ", " + current.goVersion() + " says " + quoted(y));
            }
        }
        return out;
    }

    private static String quoted(List<String> messages) {
        return messages.isEmpty() ? "nothing" : "\"" + String.join("\", \"", messages) + "\"";
    }

    /** Heap and does-not-escape findings by position; the inlining lines are left out. */
    private static Map<String, List<String>> escapeFindings(GoReport r) {
        Map<String, List<String>> byPosition = new TreeMap<>();
        for (GoFinding f : r.findings()) {
            if (f.heap() || f.kind().equals(GoFinding.DOES_NOT_ESCAPE) || f.kind().equals(GoFinding.LEAKING_PARAM)) {
                byPosition.computeIfAbsent(f.position(), k -> new ArrayList<>()).add(f.message());
            }
        }
        return byPosition;
    }

    public String summary() {
        List<String> d = differences();
        return d.isEmpty() ? older.goVersion() + " and " + current.goVersion() + " print the same escape findings for " + current.name() + "."
                : d.size() + " finding(s) changed between " + older.goVersion() + " and " + current.goVersion() + ": " + String.join("; ", d) + ".";
    }

    @Override
    public String toText() {
        return GoText.text(older, false) + "\n" + GoText.text(current, false) + "\n" + summary() + "\n";
    }

    /** The text, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return toText();
    }

    @Override
    public String toHtml() {
        return "<div style=\"display:flex;gap:16px;align-items:flex-start\">"
                + "<div style=\"flex:1;min-width:0;overflow-x:auto\"><div style=\"font-weight:bold\">" + Html.escape(older.goVersion()) + "</div>"
                + new GoView(older).toHtml() + "</div>"
                + "<div style=\"flex:1;min-width:0;overflow-x:auto\"><div style=\"font-weight:bold\">" + Html.escape(current.goVersion()) + "</div>"
                + new GoView(current).toHtml() + "</div></div>"
                + "<p>" + Html.escape(summary()) + "</p>";
    }
}
