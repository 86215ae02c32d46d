package escapelab.escape;

import com.google.gson.annotations.JsonAdapter;
import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.notebook.Json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An escape report as text in the style of {@code go build -gcflags=-m} (and -m=2 with verbose), or as JSON. */
public final class EscapeText {
    private EscapeText() {
    }

    public static String text(EscapeReport r, boolean verbose) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.file()).append(" on JDK ").append(r.jdk())
                .append(r.flags().isEmpty() ? "" : " " + String.join(" ", r.flags())).append('\n');
        if (!r.complete()) {
            b.append("# ").append(r.status()).append(": ").append(r.statusDetail()).append('\n');
        } else if (!r.statusDetail().isEmpty()) {
            b.append("# note: ").append(r.statusDetail()).append('\n');
        }
        for (Finding v : r.sites()) {
            b.append(v.site().position()).append(": ").append(v.message());
            if (v.bytesPerCall() != null) {
                b.append(" [").append(bytes(v.bytesPerCall().bytes())).append(" per call of ").append(v.bytesPerCall().method()).append(']');
            }
            b.append('\n');
            if (verbose) {
                b.append("    escape state: ").append(v.escapeState().hotspotName()).append('\n');
                for (String step : v.stateEvidence()) {
                    b.append("      ").append(step).append('\n');
                }
                for (String reason : v.reasons().subList(Math.min(1, v.reasons().size()), v.reasons().size())) {
                    b.append("    also: ").append(reason).append('\n');
                }
                for (Context c : v.contexts()) {
                    b.append("    ").append(context(c)).append('\n');
                }
            }
        }
        return b.toString();
    }

    static String bytes(double perCall) {
        return perCall == Math.rint(perCall) ? String.format(Locale.ROOT, "%.0f B", perCall)
                : String.format(Locale.ROOT, "%.1f B", perCall);
    }

    public static String json(EscapeReport r) {
        return Json.write(JsonReport.of(r)) + "\n";
    }

    /** The report as {@code ./lab escape --json} prints it (DESIGN.md's contract). */
    public record JsonReport(String file, String jdk, List<String> flags, Status status, String statusDetail,
                             Map<String, String> settings, List<JsonSite> sites, Map<String, Double> bytesPerCall) {
        public static JsonReport of(EscapeReport r) {
            return new JsonReport(r.file(), r.jdk(), r.flags(), r.status(), r.statusDetail(), r.settings(),
                    r.sites().stream().map(JsonSite::of).toList(), r.bytesPerCall());
        }
    }

    /**
     * One site; {@code reason} is the first of {@code reasons}, or empty.
     *
     * @param bytesPerCall   allocated bytes per call of {@code measuredMethod}; both null when unmeasured
     */
    public record JsonSite(String file, int line, int column, Site.Kind kind, String type, String method, Verdict verdict,
                           EscapeState escapeState, List<String> escapeStateEvidence, String reason, List<String> reasons,
                           String message,
                           @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) Double bytesPerCall,
                           @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) String measuredMethod,
                           List<JsonContext> contexts) {
        static JsonSite of(Finding v) {
            Site s = v.site();
            return new JsonSite(s.file(), s.line(), s.column(), s.kind(), s.type(), s.method().display(), v.verdict(),
                    v.escapeState(), v.stateEvidence(), v.reasons().isEmpty() ? "" : v.reasons().get(0), v.reasons(),
                    v.message(), v.bytesPerCall() == null ? null : v.bytesPerCall().bytes(),
                    v.bytesPerCall() == null ? null : v.bytesPerCall().method(),
                    v.contexts().stream().map(JsonContext::of).toList());
        }
    }

    /** One C2 compilation containing the site. */
    public record JsonContext(String compiledMethod, int compileId, boolean eliminated, EscapeState escapeState, String via,
                              String deoptimized) {
        static JsonContext of(Context c) {
            return new JsonContext(c.compiledMethod(), c.compileId(), c.eliminated(), c.state(), c.via(), c.deoptimized());
        }
    }

    /** One compilation containing a site: which, through which inlining, and what it decided. */
    static String context(EscapeReport.Context c) {
        return "C2 compilation " + c.compileId() + " of " + c.compiledMethod() + (c.via().isEmpty() ? "" : ", via " + c.via())
                + ": " + (c.eliminated() ? "eliminated" : "kept") + ", " + c.state().hotspotName()
                + (c.deoptimized().isEmpty() ? "" : c.deoptimized().startsWith("uncommon trap")
                ? " (later deoptimized: " + c.deoptimized() + ")" : " (later " + c.deoptimized() + ")");
    }
}
