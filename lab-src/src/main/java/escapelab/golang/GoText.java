package escapelab.golang;

import escapelab.notebook.Json;

import java.util.List;

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
        return Json.write(JsonReport.of(r)) + "\n";
    }

    /** The report as {@code ./lab go-escape --json} prints it (DESIGN.md's contract); {@code recorded} only for a transcript. */
    public record JsonReport(String go, String flags, Recorded recorded, List<JsonFinding> findings) {
        public static JsonReport of(GoReport r) {
            Recorded recorded = r.recorded() == null ? null : new Recorded(r.recorded().recorded(), r.recorded().sha256());
            return new JsonReport(r.goVersion(), r.flags(), recorded, r.findings().stream().map(JsonFinding::of).toList());
        }
    }

    /** When the transcript was recorded, and the sha256 of the source it was recorded from. */
    public record Recorded(String date, String sha256) {
    }

    /** One finding; {@code explanation} (the -m=2 flow) only when the compiler gave one. */
    public record JsonFinding(String file, int line, int column, String message, String kind, List<String> explanation) {
        static JsonFinding of(GoFinding f) {
            return new JsonFinding(f.file(), f.line(), f.column(), f.message(), f.kind(),
                    f.explanation().isEmpty() ? null : f.explanation());
        }
    }
}
