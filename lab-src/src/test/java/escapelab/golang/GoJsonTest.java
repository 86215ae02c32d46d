package escapelab.golang;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ./lab go-escape --json's shape (DESIGN.md), from reports built by hand: no go command is run. */
class GoJsonTest {
    private static final GoFinding MOVED = new GoFinding("demo.go", 4, 2, "moved to heap: x", GoFinding.MOVED_TO_HEAP, List.of());
    private static final GoFinding EXPLAINED = new GoFinding("demo.go", 5, 9, "&x escapes to heap", GoFinding.ESCAPES_TO_HEAP,
            List.of("flow: ~r0 = &x:", "  from &x (address-of) at demo.go:5:9"));

    @Test
    void aLiveReportHasNoRecordedAndAnExplanationOnlyWhereTheCompilerGaveOne() {
        JsonObject o = JsonParser.parseString(GoText.json(new GoReport("demo.go", Map.of(), "go1.24.0", "-m -l",
                List.of(MOVED, EXPLAINED), "", null))).getAsJsonObject();
        assertEquals(Set.of("go", "flags", "findings"), o.keySet());
        assertEquals("go1.24.0", o.get("go").getAsString());
        assertEquals("-m -l", o.get("flags").getAsString());
        JsonObject moved = o.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals(Set.of("file", "line", "column", "message", "kind"), moved.keySet());
        assertEquals("demo.go", moved.get("file").getAsString());
        assertEquals(4, moved.get("line").getAsInt());
        assertEquals(2, moved.get("column").getAsInt());
        assertEquals("moved to heap: x", moved.get("message").getAsString());
        assertEquals("moved-to-heap", moved.get("kind").getAsString());
        JsonObject explained = o.getAsJsonArray("findings").get(1).getAsJsonObject();
        assertEquals("  from &x (address-of) at demo.go:5:9", explained.getAsJsonArray("explanation").get(1).getAsString());
    }

    @Test
    void aRecordedReportSaysWhenAndFromWhichSource() {
        Transcript t = new Transcript("demo.go", "0123456789abcdef", "go1.24.0", "-m", "2025-06-01", "");
        JsonObject o = JsonParser.parseString(GoText.json(new GoReport("demo.go", Map.of(), "go1.24.0", "-m", List.of(MOVED), "", t)))
                .getAsJsonObject();
        assertEquals(Set.of("go", "flags", "recorded", "findings"), o.keySet());
        JsonObject recorded = o.getAsJsonObject("recorded");
        assertEquals(Set.of("date", "sha256"), recorded.keySet());
        assertEquals("2025-06-01", recorded.get("date").getAsString());
        assertEquals("0123456789abcdef", recorded.get("sha256").getAsString());
    }
}
