package escapelab.golang;

import escapelab.escape.EscapeReport;
import escapelab.escape.EscapeView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two columns of Go.twins share a notebook's width: the Java one shows the marked source, not the wide table. */
class TwinsViewTest {
    @Test
    void theJavaColumnHasNoTable() {
        String java = "public class Demo {\n    static int f() { return 1; }\n}\n";
        EscapeReport report = new EscapeReport("Demo.java", "25.0.3", List.of(), EscapeReport.Status.COMPLETE, "", List.of(),
                Map.of(), "", 0, Map.of(), "");
        GoReport go = new GoReport("demo.go", Map.of("demo.go", "package demo\n"), "go1.26.0", "-m", List.of(), "", null);
        String html = new Twins(new EscapeView(report, java), go).toHtml();
        assertTrue(html.contains("static int f() { return 1; }"), html);
        assertFalse(html.contains("<table"), "a table of eight columns in half the width scrolls sideways: " + html);
    }
}
