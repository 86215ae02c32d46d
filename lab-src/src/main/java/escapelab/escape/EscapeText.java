package escapelab.escape;

import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.Finding;
import escapelab.notebook.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", r.file());
        root.put("jdk", r.jdk());
        root.put("flags", r.flags());
        root.put("status", r.status().toString());
        root.put("statusDetail", r.statusDetail());
        root.put("settings", r.settings());
        List<Object> sites = new ArrayList<>();
        for (Finding v : r.sites()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", v.site().file());
            s.put("line", v.site().line());
            s.put("column", v.site().column());
            s.put("kind", v.site().kind() == Site.Kind.LOCK ? "lock" : "allocation");
            s.put("type", v.site().type());
            s.put("method", v.site().method().display());
            s.put("verdict", v.verdict().toString());
            s.put("escapeState", v.escapeState().toString());
            s.put("escapeStateEvidence", v.stateEvidence());
            s.put("reason", v.reasons().isEmpty() ? "" : v.reasons().get(0));
            s.put("reasons", v.reasons());
            s.put("message", v.message());
            s.put("bytesPerCall", v.bytesPerCall() == null ? null : v.bytesPerCall().bytes());
            s.put("measuredMethod", v.bytesPerCall() == null ? null : v.bytesPerCall().method());
            List<Object> contexts = new ArrayList<>();
            for (Context c : v.contexts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("compiledMethod", c.compiledMethod());
                m.put("compileId", c.compileId());
                m.put("eliminated", c.eliminated());
                m.put("escapeState", c.state().toString());
                m.put("via", c.via());
                m.put("deoptimized", c.deoptimized());
                contexts.add(m);
            }
            s.put("contexts", contexts);
            sites.add(s);
        }
        root.put("sites", sites);
        root.put("bytesPerCall", r.bytesPerCall());
        return Json.write(root) + "\n";
    }

    /** One compilation containing a site: which, through which inlining, and what it decided. */
    static String context(EscapeReport.Context c) {
        return "C2 compilation " + c.compileId() + " of " + c.compiledMethod() + (c.via().isEmpty() ? "" : ", via " + c.via())
                + ": " + (c.eliminated() ? "eliminated" : "kept") + ", " + c.state().hotspotName()
                + (c.deoptimized().isEmpty() ? "" : c.deoptimized().startsWith("uncommon trap")
                ? " (later deoptimized: " + c.deoptimized() + ")" : " (later " + c.deoptimized() + ")");
    }
}
