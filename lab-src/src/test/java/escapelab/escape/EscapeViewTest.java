package escapelab.escape;

import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Measured;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escape view's HTML fits a notebook (about 1000 px, some 120 columns of its source font):
 * nothing in it needs a sideways scroll. Built from a report made by hand: no JVM is forked.
 */
class EscapeViewTest {
    /** The longest text without a place to break that a table cell may hold: a long method name. */
    private static final int LONGEST_WORD = 45;
    private static final String CLASS = "Lab11_LockElisionWithAVeryLongName";
    private static final String SOURCE = """
            public class %s {
                static Object sink;
                static int kept() {
                    Object o = new Object();
                    sink = o;
                    return 1;
                }
            }
            """.formatted(CLASS);

    private static EscapeReport report(String printed, int linesCut) {
        MethodRef method = new MethodRef(CLASS, "synchronizedMethodWithALongName", "()I");
        Site site = new Site(CLASS + ".java", 4, 20, Site.Kind.ALLOCATION, "new Object", "Object", method, 3, -1, false);
        String reason = "passed to " + CLASS + ".keepItSomewhereFarAway (line 12), not inlined: hot method too big; its 434 bytes"
                + " of bytecode exceed MaxBCEAEstimateSize (150), so C2's bytecode escape analysis does not analyse it";
        List<Context> contexts = List.of(
                new Context(CLASS + ".synchronizedMethodWithALongName", 131, true, false, "", "", EscapeState.GLOBAL_ESCAPE),
                new Context(CLASS + ".synchronizedMethodWithALongName", 132, false, false, "", "", EscapeState.GLOBAL_ESCAPE));
        Finding f = new Finding(site, Verdict.KEPT, EscapeState.GLOBAL_ESCAPE, List.of(reason, "and a second reason, as long as C2 likes"),
                List.of(), contexts, new Measured(CLASS + ".callerOfItWithAnotherLongName", 16.0));
        return new EscapeReport(CLASS + ".java", "25.0.3",
                List.of("-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline," + CLASS + "::keepItSomewhereFarAway"),
                Status.COMPLETE, "", List.of(f), Map.of(), printed, linesCut, Map.of(), "");
    }

    @Test
    void theTableHasShortColumnsAndTheReasonsOnALineOfTheirOwn() {
        EscapeView view = new EscapeView(report("", 0), SOURCE);
        String table = view.tableHtml();
        assertEquals(6, count(table, "<th "), "line, site, in, verdict, escape state, bytes/call");
        Matcher rows = Pattern.compile("<tr[^>]*>(.*?)</tr>").matcher(table.substring(table.indexOf("<tbody>")));
        assertTrue(rows.find());
        assertFalse(rows.group(1).contains("not inlined"), "the reason is not a column: " + rows.group(1));
        assertTrue(rows.find());
        assertTrue(rows.group(1).contains("colspan=\"5\"") && rows.group(1).contains("not inlined") && rows.group(1).contains("#131"),
                "the reasons and the compilations under the row: " + rows.group(1));
        assertTrue(longestWord(table) <= LONGEST_WORD, "a cell word of " + longestWord(table) + " characters: " + table);
    }

    @Test
    void nothingInTheViewIsPreformattedWithoutWrapping() {
        String html = new EscapeView(report("printed\n", 0), SOURCE).toHtml();
        assertFalse(html.contains("<pre"), "a <pre> keeps its longest line: " + html);
        Matcher lines = Pattern.compile("<div style=\"white-space:pre-wrap;overflow-wrap:anywhere;[^\"]*\">").matcher(html);
        int n = 0;
        while (lines.find()) {
            n++;
        }
        assertEquals(SOURCE.split("\n", -1).length + 1, n, "each source line and the message under it wrap");
        assertTrue(html.contains("<wbr>"), "long names in the table may break");
    }

    @Test
    void whatTheProgramPrintedIsShownOnlyWhenItPrintedSomething() {
        EscapeView silent = new EscapeView(report("", 0), SOURCE);
        assertFalse(silent.toHtml().contains("What the program printed"));
        assertFalse(silent.toText().contains("What the program printed"));

        EscapeView talks = new EscapeView(report("hello <world>\nsecond line\n", 0), SOURCE);
        assertTrue(talks.toHtml().contains("What the program printed"));
        assertTrue(talks.toHtml().contains("hello &lt;world&gt;\nsecond line</div>"), talks.toHtml());
        assertFalse(talks.toHtml().contains("more lines not shown"));
        assertTrue(talks.toText().endsWith("\nWhat the program printed:\nhello <world>\nsecond line\n"), talks.toText());

        EscapeView cut = new EscapeView(report("first\n", 12), SOURCE);
        assertTrue(cut.toHtml().contains("12 more lines not shown"));
        assertTrue(cut.toText().endsWith("first\n(12 more lines not shown)\n"), cut.toText());
    }

    @Test
    void toStringIsTheShortReportNotTheRecordsComponents() {
        EscapeView view = new EscapeView(report("hi\n", 0), SOURCE);
        assertEquals(EscapeText.text(view.report(), false) + "\nWhat the program printed:\nhi\n", view.toString());
        assertFalse(view.toString().contains("EscapeReport["));
    }

    /** The longest run of characters a browser may not break: tags and {@code <wbr>} are places to break. */
    private static int longestWord(String html) {
        String text = html.replaceAll("<wbr>|<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return Arrays.stream(text.split("\\s+")).max(Comparator.comparingInt(String::length)).orElse("").length();
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }
}
