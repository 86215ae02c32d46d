package escapelab.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./lab bench --json's shape (DESIGN.md), from reports built by hand: no JMH run. */
class BenchJsonTest {
    private static final BenchReport.Result KEEP = new BenchReport.Result("bench.Tiny.keep", Map.of(), "avgt", 3.25, 0.125, "ns/op",
            24.0041, 0, 1200, 3);
    private static final BenchReport.Result SUM = new BenchReport.Result("Tiny.sum", Map.of("size", "100"), "avgt", 7.5, Double.NaN,
            "ns/op", 0, 0, 0, 0);

    @Test
    void everyBenchmarkWithScoreErrorUnitAndBytes() {
        JsonObject o = JsonParser.parseString(BenchText.json(new BenchReport("Tiny.java", "25.0.3", Preset.named("honest"),
                List.of("-XX:+UseSerialGC"), List.of(KEEP, SUM), "complete", List.of(), ""))).getAsJsonObject();
        assertEquals(Set.of("preset", "jdk", "jvmArgs", "status", "benchmarks"), o.keySet(), "no failures, no failures field");
        assertEquals("honest", o.get("preset").getAsString());
        assertEquals("-XX:+UseSerialGC", o.getAsJsonArray("jvmArgs").get(0).getAsString());
        assertEquals("complete", o.get("status").getAsString());
        JsonArray benchmarks = o.getAsJsonArray("benchmarks");
        JsonObject keep = benchmarks.get(0).getAsJsonObject();
        assertEquals(Set.of("name", "params", "score", "error", "unit", "bytesPerOp"), keep.keySet());
        assertEquals("Tiny.keep", keep.get("name").getAsString(), "JMH's generated package is not part of the name");
        assertEquals(0, keep.getAsJsonObject("params").size());
        assertEquals(3.25, keep.get("score").getAsDouble());
        assertEquals(0.125, keep.get("error").getAsDouble());
        assertEquals("ns/op", keep.get("unit").getAsString());
        assertEquals(24.0, keep.get("bytesPerOp").getAsDouble());
        JsonObject sum = benchmarks.get(1).getAsJsonObject();
        assertEquals("100", sum.getAsJsonObject("params").get("size").getAsString());
        assertTrue(sum.get("error").isJsonNull(), "JMH gave no error: null, not left out: " + sum);
    }

    @Test
    void failuresAreListedWhenSomeFailed() {
        JsonObject o = JsonParser.parseString(BenchText.json(new BenchReport("Tiny.java", "25.0.3", Preset.named("quick"),
                List.of(), List.of(), "failed", List.of("Tiny.oom: OutOfMemoryError"), ""))).getAsJsonObject();
        assertEquals("failed", o.get("status").getAsString());
        assertEquals("Tiny.oom: OutOfMemoryError", o.getAsJsonArray("failures").get(0).getAsString());
    }
}
