package escapelab.golang;

import escapelab.LabException;
import escapelab.escape.Escape;
import escapelab.escape.EscapeReport;
import escapelab.escape.EscapeView;
import escapelab.escape.Site;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go example beside its Java twin (named by the Go file's {@code // twin:} line): HotSpot's
 * verdicts from the escape engine on one side, the Go compiler's findings on the other, and a
 * summary of each counted from the two reports.
 */
public record Twins(EscapeView java, GoReport go) implements Renderable {
    private static final Pattern TWIN = Pattern.compile("(?m)^//\\s*twin:\\s*(\\S+)\\s*$");

    static String twinOf(String goSource) {
        Matcher m = TWIN.matcher(goSource);
        if (!m.find()) {
            throw LabException.input("the Go example names no Java twin: add a line // twin: LabNN_Name");
        }
        return m.group(1);
    }

    /** The Go example (by name, {@code makebuf}) and its Java twin, both run now. */
    public static Twins of(String goExample) {
        GoReport go = GoEscape.example(goExample, GoEscape.exampleOptions(goExample));
        return new Twins(Escape.example(twinOf(go.sources().values().iterator().next())), go);
    }

    /** What each compiler decided, counted: the sentence under the two columns. */
    public String summary() {
        EscapeReport r = java.report();
        List<EscapeReport.Finding> sites = r.sites().stream().filter(v -> v.site().kind() == Site.Kind.ALLOCATION
                && v.verdict() != EscapeReport.Verdict.NOT_COMPILED).toList();
        long everywhere = sites.stream().filter(v -> v.verdict() == EscapeReport.Verdict.ELIMINATED).count();
        long contexts = sites.stream().mapToLong(v -> v.contexts().size()).sum();
        long eliminatedContexts = sites.stream().flatMap(v -> v.contexts().stream()).filter(EscapeReport.Context::eliminated).count();
        long heap = go.findings().stream().filter(GoFinding::heap).count();
        long stays = go.findings().stream().filter(f -> f.kind().equals(GoFinding.DOES_NOT_ESCAPE)).count();
        return "HotSpot (JDK " + r.jdk() + "): " + everywhere + " of " + sites.size() + " compiled allocation sites eliminated in every"
                + " compilation; in " + eliminatedContexts + " of " + contexts + " compilations containing them the object was"
                + " eliminated. C2 decides per compilation, after inlining, from this run's profile, and deoptimises if the"
                + " profile turns out wrong. Go (" + go.goVersion() + "): " + heap + " finding(s) put a value on the heap, " + stays
                + " say a value does not escape; the compiler decides at build time, after inlining, once for the whole"
                + " program: a call it inlined is analysed as part of its caller, a call it did not is judged by the callee's"
                + " summary of its parameters (leaking param, does not escape).";
    }

    @Override
    public String toText() {
        return java.toText() + "\n" + GoText.text(go, false) + "\n" + summary() + "\n";
    }

    /** The text, not the record's components: what a kernel shows when it cannot show the view. */
    @Override
    public String toString() {
        return toText();
    }

    @Override
    public String toHtml() {
        return "<div style=\"display:flex;gap:16px;align-items:flex-start\">"
                + "<div style=\"flex:1;min-width:0;overflow-x:auto\"><div style=\"font-weight:bold\">Java, HotSpot C2</div>"
                + java.sourceHtml() + "</div>"
                + "<div style=\"flex:1;min-width:0;overflow-x:auto\"><div style=\"font-weight:bold\">Go, the gc compiler</div>"
                + new GoView(go).toHtml() + "</div></div>"
                + "<p>" + Html.escape(summary()) + "</p>";
    }
}
