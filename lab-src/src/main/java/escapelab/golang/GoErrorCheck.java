package escapelab.golang;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's own errorcheck convention, as in the Go repository's test/escape*.go: the file's first
 * lines say {@code // errorcheck -m -l}, and each line the compiler reports on carries
 * {@code // ERROR "regexp" "regexp"}. Checked both ways: every diagnostic on a line is matched by
 * one of its regexps, and every regexp matches a diagnostic.
 */
public final class GoErrorCheck {
    private static final Pattern HEADER = Pattern.compile("^//\\s*errorcheck\\s*(.*)$");
    private static final Pattern MARK = Pattern.compile("//\\s*ERROR\\s+(.*)$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private GoErrorCheck() {
    }

    /** The flags named by the file's {@code // errorcheck} line: -m, -m=2, -l. */
    public static GoEscape.Options options(String source) {
        GoEscape.Options o = GoEscape.Options.defaults();
        for (String line : source.split("\n", 10)) {
            Matcher m = HEADER.matcher(line.strip());
            if (m.matches()) {
                for (String flag : m.group(1).trim().split("\\s+")) {
                    if (flag.equals("-m=2")) {
                        o = o.explain(true);
                    } else if (flag.equals("-l")) {
                        o = o.noInline(true);
                    }
                }
            }
        }
        return o;
    }

    public static Map<Integer, List<String>> read(String source) {
        Map<Integer, List<String>> byLine = new TreeMap<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARK.matcher(lines[i]);
            if (m.find()) {
                List<String> res = new ArrayList<>();
                Matcher q = QUOTED.matcher(m.group(1));
                while (q.find()) {
                    res.add(q.group(1).replace("\\\"", "\""));
                }
                byLine.put(i + 1, res);
            }
        }
        return byLine;
    }

    /** Every mismatch as {@code file.go:12: ...}; empty when the file and the compiler agree. */
    public static List<String> check(String fileName, String source, GoReport report) {
        Map<Integer, List<String>> expected = read(source);
        TreeSet<Integer> lines = new TreeSet<>(expected.keySet());
        report.findings().stream().filter(f -> f.file().equals(fileName)).forEach(f -> lines.add(f.line()));
        List<String> problems = new ArrayList<>();
        for (int line : lines) {
            List<String> res = expected.getOrDefault(line, List.of());
            List<GoFinding> got = report.findingsOn(fileName, line);
            for (GoFinding f : got) {
                if (res.stream().noneMatch(re -> Pattern.compile(re).matcher(f.message()).find())) {
                    problems.add(fileName + ":" + line + ": unexpected: " + f.message());
                }
            }
            for (String re : res) {
                if (got.stream().noneMatch(f -> Pattern.compile(re).matcher(f.message()).find())) {
                    problems.add(fileName + ":" + line + ": no diagnostic matches \"" + re + "\" (" + report.goVersion() + " said: "
                            + String.join("; ", got.stream().map(GoFinding::message).toList()) + ")");
                }
            }
        }
        return problems;
    }

    /** The source with its ERROR comments rewritten from the compiler's findings. */
    public static String rewrite(String fileName, String source, GoReport report) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARK.matcher(lines[i]);
            String code = m.find() ? lines[i].substring(0, m.start()).stripTrailing() : lines[i];
            LinkedHashSet<String> messages = new LinkedHashSet<>();
            report.findingsOn(fileName, i + 1).forEach(f -> messages.add(f.message()));
            if (messages.isEmpty()) {
                lines[i] = code;
                continue;
            }
            StringBuilder c = new StringBuilder("// ERROR");
            for (String msg : messages) {
                c.append(" \"").append(quote(msg)).append('"');
            }
            lines[i] = code + " " + c;
        }
        return String.join("\n", lines);
    }

    /** A message as an anchored regular expression, as Go's tests write them: {@code "moved to heap: p$"}. */
    private static String quote(String message) {
        return "^" + message.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1").replace("\"", "\\\"") + "$";
    }
}
