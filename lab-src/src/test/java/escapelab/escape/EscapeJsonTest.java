package escapelab.escape;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Measured;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.notebook.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./lab escape --json's shape (DESIGN.md), from a report built by hand: no JVM is forked. */
class EscapeJsonTest {
    static EscapeReport report() {
        Site kept = new Site("Demo.java", 5, 20, Site.Kind.ALLOCATION, "new Object", "Object", new MethodRef("Demo", "kept", "()I"), 3, -1, false);
        Site lock = new Site("Demo.java", 9, 9, Site.Kind.LOCK, "synchronized (Object)", "Object", new MethodRef("Demo", "lock", "()V"), 7, -1, false);
        Finding escapes = new Finding(kept, Verdict.KEPT, EscapeState.GLOBAL_ESCAPE, List.of("stored to static field Demo.sink (line 6)"),
                List.of("stored to a static field: GlobalEscape"),
                List.of(new Context("Demo.loop", 42, false, false, "Demo.kept (line 12)", "", EscapeState.GLOBAL_ESCAPE)),
                new Measured("Demo.kept", 16.0));
        Finding elided = new Finding(lock, Verdict.ELIMINATED, EscapeState.NO_ESCAPE, List.of(), List.of(),
                List.of(new Context("Demo.lock", 43, false, true, "", "not used", EscapeState.NO_ESCAPE)), null);
        Map<String, Double> bytes = new LinkedHashMap<>();
        bytes.put("Demo.kept", 16.0);
        return new EscapeReport("Demo.java", "25.0.3", List.of("-Xbatch"), Status.TIMED_OUT, "stopped after 10 s",
                List.of(escapes, elided), bytes, "", 0, Map.of("EliminateAllocationArraySizeLimit", "64"), "");
    }

    @Test
    void everyFieldOfTheContractWithItsWords() {
        JsonObject o = JsonParser.parseString(EscapeText.json(report())).getAsJsonObject();
        assertEquals(Set.of("file", "jdk", "flags", "status", "statusDetail", "settings", "sites", "bytesPerCall"), o.keySet());
        assertEquals("25.0.3", o.get("jdk").getAsString());
        assertEquals("-Xbatch", o.getAsJsonArray("flags").get(0).getAsString());
        assertEquals("timed-out", o.get("status").getAsString());
        assertEquals("64", o.getAsJsonObject("settings").get("EliminateAllocationArraySizeLimit").getAsString());
        assertEquals(16.0, o.getAsJsonObject("bytesPerCall").get("Demo.kept").getAsDouble());

        JsonArray sites = o.getAsJsonArray("sites");
        JsonObject s = sites.get(0).getAsJsonObject();
        assertEquals(Set.of("file", "line", "column", "kind", "type", "method", "verdict", "escapeState", "escapeStateEvidence",
                "reason", "reasons", "message", "bytesPerCall", "measuredMethod", "contexts"), s.keySet());
        assertEquals(5, s.get("line").getAsInt());
        assertEquals(20, s.get("column").getAsInt());
        assertEquals("allocation", s.get("kind").getAsString());
        assertEquals("Object", s.get("type").getAsString());
        assertEquals("Demo.kept", s.get("method").getAsString());
        assertEquals("kept", s.get("verdict").getAsString());
        assertEquals("global-escape", s.get("escapeState").getAsString());
        assertEquals("stored to a static field: GlobalEscape", s.getAsJsonArray("escapeStateEvidence").get(0).getAsString());
        assertEquals("stored to static field Demo.sink (line 6)", s.get("reason").getAsString());
        assertEquals("new Object escapes: stored to static field Demo.sink (line 6)", s.get("message").getAsString());
        assertEquals(16.0, s.get("bytesPerCall").getAsDouble());
        assertEquals("Demo.kept", s.get("measuredMethod").getAsString());
        JsonObject c = s.getAsJsonArray("contexts").get(0).getAsJsonObject();
        assertEquals(Set.of("compiledMethod", "compileId", "eliminated", "escapeState", "via", "deoptimized"), c.keySet());
        assertEquals(42, c.get("compileId").getAsInt());
        assertEquals("global-escape", c.get("escapeState").getAsString());

        JsonObject l = sites.get(1).getAsJsonObject();
        assertEquals("lock", l.get("kind").getAsString());
        assertEquals("eliminated", l.get("verdict").getAsString());
        assertEquals("no-escape", l.get("escapeState").getAsString());
        assertEquals("", l.get("reason").getAsString());
        assertTrue(l.get("bytesPerCall").isJsonNull(), "an unmeasured site keeps its null: " + l);
        assertTrue(l.get("measuredMethod").isJsonNull(), l.toString());
        assertEquals("not used", l.getAsJsonArray("contexts").get(0).getAsJsonObject().get("deoptimized").getAsString());
    }

    /** The JSON says what the text says: each state, verdict and status has one word. */
    @Test
    void theJsonWordsAreTheWordsOfTheText() {
        for (EscapeState e : EscapeState.values()) {
            assertEquals(e.toString(), Json.word(e));
        }
        for (Verdict v : Verdict.values()) {
            assertEquals(v.toString(), Json.word(v));
        }
        for (Status s : Status.values()) {
            assertEquals(s.toString(), Json.word(s));
        }
        assertEquals(Set.of("no-escape", "arg-escape", "global-escape", "unknown"),
                java.util.Arrays.stream(EscapeState.values()).map(Json::word).collect(Collectors.toSet()));
    }
}
