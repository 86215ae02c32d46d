package escapelab.golang;

import escapelab.notebook.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Go report as the terminal shows it, one finding a line with its source beside it, and as JSON. */
public final class GoText {
    private GoText() {
    }

    /** Where the output came from: the live compiler, or a transcript and why. */
    public static String provenance(GoReport r) {
        if (r.recorded() == null) {
            return r.name() + ": " + r.goVersion() + ", go build -gcflags='" + r.flags() + "'";
        }
        Transcript t = r.recorded();
        return r.name() + ": RECORDED output of " + t.goVersion() + ", go build -gcflags='" + t.flags() + "', on " + t.recorded()
                + " (source sha256 " + t.sha256().substring(0, 12) + "), "
                + (r.whyRecorded() != null ? "shown because " + r.whyRecorded()
                        : "as the lab shows it where Go is missing; to run it live, " + GoTool.INSTALL);
    }

    public static String text(GoReport r, boolean verbose) {
        StringBuilder b = new StringBuilder("# ").append(provenance(r)).append('\n');
        int width = r.findings().stream().mapToInt(f -> f.position().length() + f.message().length() + 2).max().orElse(0);
        for (GoFinding f : r.findings()) {
            String head = f.position() + ": " + f.message();
            String src = r.sourceLine(f);
            b.append(src.isEmpty() ? head : String.format("%-" + Math.min(width, 100) + "s  | %s", head, src)).append('\n');
            if (verbose) {
                f.explanation().forEach(l -> b.append("    ").append(l).append('\n'));
            }
        }
        if (r.findings().isEmpty()) {
            b.append("(the compiler printed no findings)\n");
        }
        return b.toString();
    }

    public static String json(GoReport r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("go", r.goVersion());
        o.put("flags", r.flags());
        if (r.recorded() != null) {
            o.put("recorded", Map.of("date", r.recorded().recorded(), "sha256", r.recorded().sha256()));
        }
        List<Object> findings = new ArrayList<>();
        for (GoFinding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("line", f.line());
            m.put("column", f.column());
            m.put("message", f.message());
            m.put("kind", f.kind());
            if (!f.explanation().isEmpty()) {
                m.put("explanation", f.explanation());
            }
            findings.add(m);
        }
        o.put("findings", findings);
        return Json.write(o) + "\n";
    }
}
