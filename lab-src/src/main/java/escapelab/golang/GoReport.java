package escapelab.golang;

import java.util.List;
import java.util.Map;

/**
 * What the Go compiler said about a program: every diagnostic of {@code go build -gcflags=...},
 * parsed, with the raw output kept verbatim.
 *
 * @param name      the file or folder analysed, as the user named it
 * @param sources   the program's files by name
 * @param recorded  the transcript shown when Go is missing, else null (the output is live)
 * @param whyRecorded why the transcript stands in for a live run, when it is not that Go is missing
 *                  (another release that could not be downloaded); else null
 */
public record GoReport(String name, Map<String, String> sources, String goVersion, String flags, List<GoFinding> findings,
                       String output, Transcript recorded, String whyRecorded) {

    public GoReport(String name, Map<String, String> sources, String goVersion, String flags, List<GoFinding> findings,
                    String output, Transcript recorded) {
        this(name, sources, goVersion, flags, findings, output, recorded, null);
    }

    public List<GoFinding> findingsOn(String file, int line) {
        return findings.stream().filter(f -> f.file().equals(file) && f.line() == line).toList();
    }

    /** The source line a finding points at, trimmed, or "" when the file is not one of the program's. */
    public String sourceLine(GoFinding f) {
        String text = sources.get(f.file());
        if (text == null) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        return f.line() >= 1 && f.line() <= lines.length ? lines[f.line() - 1].replaceAll("\\s*// ERROR.*$", "").strip() : "";
    }
}
