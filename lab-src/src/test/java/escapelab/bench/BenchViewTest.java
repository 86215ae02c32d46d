package escapelab.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of one run and of a comparison, from results made here (no JMH run). */
class BenchViewTest {
    private static BenchReport report(String jdk, double escaping, double local) {
        return report(jdk, escaping, local, List.of());
    }

    private static BenchReport report(String jdk, double escaping, double local, List<String> jvmArgs) {
        List<BenchReport.Result> rs = List.of(
                new BenchReport.Result("b.Pair.escaping", Map.of(), "avgt", escaping, 0.1, "ns/op", 24, 0, 900, 3),
                new BenchReport.Result("b.Pair.local", Map.of(), "avgt", local, 0.1, "ns/op", 0, 0, 0, 0));
        return new BenchReport("Pair.java", jdk, Preset.quick(), jvmArgs, rs, "complete", List.of(), "");
    }

    @Test
    void aComparisonHasARowPerBenchmarkAndVariantAndFourColumns() {
        Map<String, BenchReport> variants = new LinkedHashMap<>();
        variants.put("JDK 17.0.15", report("17.0.15", 9.5, 1.25));
        variants.put("JDK 25.0.3", report("25.0.3", 8.5, 1.5));
        String text = new BenchView("Pair.java", variants).table().toText();
        List<String> lines = text.lines().filter(l -> l.startsWith("Pair.escaping") || l.startsWith("Pair.local")).toList();
        assertEquals(4, lines.size(), text);
        assertTrue(lines.get(0).startsWith("Pair.escaping") && lines.get(0).contains("JDK 17.0.15")
                && lines.get(1).startsWith("Pair.escaping") && lines.get(1).contains("JDK 25.0.3"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("benchmark +variant +ns/op +bytes/op *")), text);
        assertTrue(!text.contains("JDK 17.0.15: JDK 17.0.15"), "a variant named after its JDK is not said twice: " + text);
    }

    @Test
    void oneRunKeepsItsAllocationColumn() {
        String text = BenchView.of(report("25.0.3", 8.5, 1.5)).table().toText();
        assertTrue(text.lines().anyMatch(l -> l.matches("benchmark +ns/op +bytes/op +allocated, GCs *")), text);
        assertTrue(text.contains("900 MB/s, 3 GCs"), text);
    }

    /** Bench gives JMH's JVMs --sun-misc-unsafe-memory-access on JDK 23 and later only: the caption says which. */
    @Test
    void theCaptionSaysWhichJvmsRanWithTheUnsafeFlag() {
        List<String> allow = List.of("--sun-misc-unsafe-memory-access=allow");
        Map<String, BenchReport> mixed = new LinkedHashMap<>();
        mixed.put("JDK 17.0.15", report("17.0.15", 9.5, 1.25));
        mixed.put("JDK 25.0.3", report("25.0.3", 8.5, 1.5, allow));
        String caption = new BenchView("Pair.java", mixed).table().toText();
        assertTrue(caption.contains("the JVMs of JDK 23 and later run with --sun-misc-unsafe-memory-access=allow"), caption);
        assertTrue(!caption.contains("every JVM"), caption);
        String one = BenchView.of(report("25.0.3", 8.5, 1.5, allow)).table().toText();
        assertTrue(one.contains("every JVM runs with --sun-misc-unsafe-memory-access=allow"), one);
    }
}
