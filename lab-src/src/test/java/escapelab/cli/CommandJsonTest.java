package escapelab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.grade.Grader;
import escapelab.layout.Layout;
import escapelab.layout.LayoutReport;
import escapelab.layout.Mode;
import escapelab.notebook.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON of ./lab layout, ./lab grade and ./lab speed, from reports built by hand: no JVM is forked. */
class CommandJsonTest {
    @Test
    void layoutGivesEachModesSizesAndFieldsOrItsError() {
        Layout ok = new Layout("default", Mode.DEFAULT, "25.0.3", "Mixed", 32, 12, 0, 3,
                List.of(new Layout.Field("i", "int", 12, 4, "Mixed")), List.of(), null, null);
        Layout warned = new Layout("no-compressed-class-pointers", Mode.NO_COMPRESSED_CLASS_POINTERS, "25.0.3", "Mixed", 32, 16, 0, 0,
                List.of(), List.of(), null, "OpenJDK 64-Bit Server VM warning: Option UseCompressedClassPointers was deprecated");
        Layout failed = Layout.failed("compact-headers (JDK 17)", Mode.COMPACT_HEADERS, "17.0.16", "Mixed", "Unrecognized VM option");
        JsonObject o = JsonParser.parseString(LayoutCommand.json(new LayoutReport("Mixed", List.of(ok, warned, failed)))).getAsJsonObject();
        assertEquals(Set.of("class", "modes"), o.keySet());
        assertEquals("Mixed", o.get("class").getAsString());
        JsonObject m = o.getAsJsonArray("modes").get(0).getAsJsonObject();
        assertEquals(Set.of("mode", "jdk", "instanceSize", "headerSize", "fields"), m.keySet());
        assertEquals("default", m.get("mode").getAsString());
        assertEquals(32, m.get("instanceSize").getAsInt());
        assertEquals(12, m.get("headerSize").getAsInt());
        JsonObject field = m.getAsJsonArray("fields").get(0).getAsJsonObject();
        assertEquals(Set.of("name", "type", "offset", "size"), field.keySet());
        assertEquals(12, field.get("offset").getAsInt());
        assertEquals("OpenJDK 64-Bit Server VM warning: Option UseCompressedClassPointers was deprecated",
                o.getAsJsonArray("modes").get(1).getAsJsonObject().get("jvmWarning").getAsString());
        JsonObject bad = o.getAsJsonArray("modes").get(2).getAsJsonObject();
        assertEquals(Set.of("mode", "jdk", "error"), bad.keySet());
        assertEquals("compact-headers", bad.get("mode").getAsString());
    }

    @Test
    void gradeWritesGradescopesResultsJson() {
        Grader.Result r = new Grader.Result(2.5, List.of(new Grader.TestResult("sumIsRight", 2.5, 3, "ok", "visible")), "");
        JsonObject o = JsonParser.parseString(GradeCommand.json(r)).getAsJsonObject();
        assertEquals(Set.of("score", "tests"), o.keySet(), "no output for the whole submission when there is none");
        assertEquals(2.5, o.get("score").getAsDouble());
        JsonObject test = o.getAsJsonArray("tests").get(0).getAsJsonObject();
        assertEquals(Set.of("name", "score", "max_score", "output", "visibility"), test.keySet());
        assertEquals(3.0, test.get("max_score").getAsDouble());
        assertEquals("visible", test.get("visibility").getAsString());
        JsonObject failed = JsonParser.parseString(GradeCommand.json(new Grader.Result(0, List.of(), "did not compile"))).getAsJsonObject();
        assertEquals("did not compile", failed.get("output").getAsString());
    }

    @Test
    void speedSaysWhyGoTimesAreMissing() {
        var speed = new SpeedCommand.Speed(SpeedCommand.EscapeVersusGo.withoutGo(List.of(0.5, 0.25, 0.75), 4, "skipped: no go command"),
                new SpeedCommand.GoEscapeVersusBareGo("skipped: no go command", null, null, null, null, null), null, null);
        JsonObject o = JsonParser.parseString(Json.write(speed)).getAsJsonObject();
        JsonObject escape = o.getAsJsonObject("escape");
        assertEquals(Set.of("escapeSeconds", "escapeMedian", "sites", "go"), escape.keySet());
        assertEquals(0.5, escape.get("escapeMedian").getAsDouble());
        assertEquals("skipped: no go command", o.getAsJsonObject("goEscape").get("go").getAsString());
        JsonObject timed = JsonParser.parseString(Json.write(SpeedCommand.EscapeVersusGo.withGo(List.of(1.0), 4, List.of(0.5), List.of(0.1))))
                .getAsJsonObject();
        assertEquals(2.0, timed.get("ratio").getAsDouble());
        assertEquals(0.1, timed.get("goCachedMedian").getAsDouble());
    }
}
