package escapelab.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JMH's JSON result as JMH 1.37 wrote it for Pair.java (src/test/resources/escapelab/bench), with
 * the GC profiler and without; no JMH is run.
 */
class JmhJsonTest {
    private static String recorded(String name) throws IOException {
        try (InputStream in = JmhJsonTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void scoresParamsAndBytesPerOperation() throws IOException {
        List<BenchReport.Result> rs = Bench.parse(recorded("jmh-gc-1.37.json"));
        assertEquals(4, rs.size());
        BenchReport.Result escaping = rs.get(0);
        assertEquals("bench.Pair.escaping", escaping.name());
        assertEquals(Map.of("n", "1"), escaping.params());
        assertEquals("ops/s", escaping.unit());
        assertEquals(24.0, escaping.bytesPerOp(), 0.5, "a Point: 12-byte header, two ints, padding");
        assertTrue(rs.get(2).bytesPerOp() < 0.5, "the local Point is scalar replaced");
        assertEquals("0 B", BenchText.bytes(rs.get(2).bytesPerOp()));
        assertEquals("24 B", BenchText.bytes(escaping.bytesPerOp()));
    }

    @Test
    void withoutTheGcProfilerBytesAreNotMeasuredNotZero() throws IOException {
        List<BenchReport.Result> rs = Bench.parse(recorded("jmh-no-profiler-1.37.json"));
        assertEquals(1, rs.size());
        assertTrue(Double.isNaN(rs.get(0).bytesPerOp()));
        assertEquals("not measured", BenchText.bytes(rs.get(0).bytesPerOp()));
        BenchReport report = new BenchReport("Pair.java", "25", Preset.quick(), List.of(), rs, "complete", List.of(), "");
        assertTrue(BenchText.json(report).contains("\"bytesPerOp\": null"), BenchText.json(report));
        assertTrue(BenchText.text(report).contains("not measured"), BenchText.text(report));
    }

    @Test
    void aCutOrForeignFileGivesNoResultsAndNoError() throws IOException {
        String json = recorded("jmh-gc-1.37.json");
        for (int cut = 0; cut < json.length(); cut += json.length() / 150 + 1) {
            Bench.parse(json.substring(0, cut));
        }
        assertEquals(List.of(), Bench.parse(""));
        assertEquals(List.of(), Bench.parse("{\"not\": \"jmh\"}"));
        // entries without what a result needs are left out; odd values read as not measured
        List<BenchReport.Result> rs = Bench.parse("[1, {\"benchmark\": \"b.X.y\"}, {\"benchmark\": \"b.X.z\", \"mode\": \"avgt\","
                + " \"params\": {\"n\": [1]}, \"primaryMetric\": {\"score\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": {}}}}]");
        assertEquals(1, rs.size());
        assertTrue(Double.isNaN(rs.get(0).score()));
        assertTrue(Double.isNaN(rs.get(0).bytesPerOp()));
    }
}
