package escapelab.grade;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 rows: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
final class Csv {
    private Csv() {
    }

    static void row(StringBuilder out, List<String> fields) {
        out.append(fields.stream().map(Csv::field).collect(Collectors.joining(","))).append("\r\n");
    }

    static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
