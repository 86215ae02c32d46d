package escapelab.escape;

import escapelab.escape.EscapeReport.Finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expectations written on the source line they are about, in the manner of Go's errorcheck
 * tests: {@code // EXPECT "does not escape"}, one regular expression per site on the line, left to
 * right, optionally followed by {@code EXPECT17 "..."} for what JDK 17 says instead; "(line N)" references
 * in messages are left out of the match, since they move with every edit. Checked both
 * ways: every site must be expected and every expectation met.
 */
public final class Expectations {
    private static final Pattern MARK = Pattern.compile("//\\s*EXPECT\\s+(.*)$");
    private static final Pattern TOKEN = Pattern.compile("EXPECT(\\d{1,4})(?!\\d)|\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Expectations() {
    }

    /** The expected regular expressions per line number, for a JDK feature release. */
    public static Map<Integer, List<String>> read(String source, int feature) {
        Map<Integer, List<String>> byLine = new TreeMap<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARK.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            Map<Integer, List<String>> byRelease = new LinkedHashMap<>();
            int release = 0;
            Matcher t = TOKEN.matcher(m.group(1));
            while (t.find()) {
                if (t.group(1) != null) {
                    release = Integer.parseInt(t.group(1));
                } else {
                    byRelease.computeIfAbsent(release, k -> new ArrayList<>()).add(t.group(2).replace("\\\"", "\""));
                }
            }
            byLine.put(i + 1, byRelease.getOrDefault(feature, byRelease.getOrDefault(0, List.of())));
        }
        return byLine;
    }

    /** Every mismatch between the report and the expectations, as {@code File.java:12: ...} lines; empty when all hold. */
    public static List<String> check(String source, EscapeReport report, int feature) {
        Map<Integer, List<String>> expected = read(source, feature);
        Map<Integer, List<Finding>> actual = byLine(report);
        List<String> problems = new ArrayList<>();
        TreeSet<Integer> lines = new TreeSet<>(expected.keySet());
        lines.addAll(actual.keySet());
        for (int line : lines) {
            List<String> want = expected.getOrDefault(line, List.of());
            List<Finding> got = actual.getOrDefault(line, List.of());
            String at = report.file() + ":" + line + ": ";
            for (int k = 0; k < Math.max(want.size(), got.size()); k++) {
                if (k >= want.size()) {
                    problems.add(at + "unexpected: " + got.get(k).message());
                } else if (k >= got.size()) {
                    problems.add(at + "missing site for expectation \"" + want.get(k) + "\"");
                } else if (!Pattern.compile(want.get(k)).matcher(withoutLines(got.get(k).message())).find()) {
                    problems.add(at + "expected \"" + want.get(k) + "\" but JDK " + report.jdk() + " says: " + got.get(k).message());
                }
            }
        }
        return problems;
    }

    /**
     * The source with its EXPECT comments rewritten from the report, for JDK {@code feature}: the
     * default expectations when it is the lab's JDK, the {@code EXPECTnn} override otherwise
     * (written only where it differs from the default).
     */
    public static String rewrite(String source, EscapeReport report, int feature, boolean isDefault) {
        Map<Integer, List<Finding>> actual = byLine(report);
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<Finding> got = actual.get(i + 1);
            Matcher m = MARK.matcher(lines[i]);
            String code = m.find() ? lines[i].substring(0, m.start()).stripTrailing() : lines[i];
            if (got == null) {
                lines[i] = m.find(0) ? code : lines[i];
                continue;
            }
            List<String> keys = got.stream().map(Expectations::key).toList();
            Map<Integer, List<String>> old = readLine(lines[i]);
            List<String> defaults = isDefault ? keys : old.getOrDefault(0, keys);
            StringBuilder c = new StringBuilder("// EXPECT");
            defaults.forEach(k -> c.append(" \"").append(k.replace("\"", "\\\"")).append('"'));
            for (Map.Entry<Integer, List<String>> e : old.entrySet()) {
                if (e.getKey() != 0 && e.getKey() != feature) {
                    c.append(" EXPECT").append(e.getKey());
                    e.getValue().forEach(k -> c.append(" \"").append(k).append('"'));
                }
            }
            if (!isDefault && !keys.equals(defaults)) {
                c.append(" EXPECT").append(feature);
                keys.forEach(k -> c.append(" \"").append(k.replace("\"", "\\\"")).append('"'));
            }
            lines[i] = code + "   " + c;
        }
        return String.join("\n", lines);
    }

    private static Map<Integer, List<String>> readLine(String line) {
        Map<Integer, List<String>> byRelease = new TreeMap<>();
        Matcher m = MARK.matcher(line);
        if (m.find()) {
            int release = 0;
            Matcher t = TOKEN.matcher(m.group(1));
            while (t.find()) {
                if (t.group(1) != null) {
                    release = Integer.parseInt(t.group(1));
                } else {
                    byRelease.computeIfAbsent(release, k -> new ArrayList<>()).add(t.group(2));
                }
            }
        }
        return byRelease;
    }

    /** The stable part of a message, as a regular expression: what an expectation should say. */
    static String key(Finding v) {
        String key = switch (v.verdict()) {
            case ELIMINATED -> v.site().kind() == Site.Kind.LOCK ? "lock elided" : "does not escape (";
            case KEPT -> withoutLines(v.explanation()).replace(Finding.ARG_ESCAPE_TAIL, "");
            case NOT_COMPILED -> "not compiled by C2";
        };
        return key.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }

    /** A message without its "(line N)" references: they move whenever the file is edited, so expectations leave them out. */
    static String withoutLines(String message) {
        return message.replaceAll(" \\(line \\d+\\)", "");
    }

    private static Map<Integer, List<Finding>> byLine(EscapeReport report) {
        Map<Integer, List<Finding>> byLine = new TreeMap<>();
        for (Finding v : report.sites()) {
            byLine.computeIfAbsent(v.site().line(), k -> new ArrayList<>()).add(v);
        }
        byLine.values().forEach(l -> l.sort(Comparator.comparingInt(v -> v.site().column())));
        return byLine;
    }
}
