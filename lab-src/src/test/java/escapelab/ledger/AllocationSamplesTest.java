package escapelab.ledger;

import escapelab.ledger.AllocationSamples.Sample;
import escapelab.ledger.AllocationSamples.SampleFrame;
import escapelab.ledger.AllocationSamples.SiteTotal;
import escapelab.ledger.Ledger.Frame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sums per allocating line, from samples built here: no JVM is run. */
class AllocationSamplesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final SampleFrame NEW_POINT = new SampleFrame("demo.Main", "make", "(I)Ldemo/Point;", 12, 4);
    private static final SampleFrame NEW_POINT_OTHER_BCI = new SampleFrame("demo.Main", "make", "(I)Ldemo/Point;", 12, 9);
    private static final SampleFrame CALLER_A = new SampleFrame("demo.Main", "a", "()V", 20, 1);
    private static final SampleFrame CALLER_B = new SampleFrame("demo.Main", "b", "()V", 30, 1);
    private static final SampleFrame GROW = new SampleFrame("java.util.ArrayList", "grow", "(I)[Ljava/lang/Object;", 240, 30);

    private static Sample at(int second, long weight, String type, SampleFrame... frames) {
        return new Sample(T0.plusSeconds(second), List.of(frames), type, weight, false);
    }

    @Test
    void bytesAreSummedPerLineAndTypeAndRankedWithTheirHottestStacks() {
        AllocationSamples s = new AllocationSamples(null, null);
        s.add(at(1, 100, "demo.Point", NEW_POINT, CALLER_A));
        s.add(at(2, 300, "demo.Point", NEW_POINT, CALLER_B));
        s.add(at(3, 50, "demo.Point", NEW_POINT_OTHER_BCI, CALLER_B));
        s.add(at(4, 200, "java.lang.Object[]", GROW, CALLER_A));
        s.add(at(5, 10, "int[]", NEW_POINT, CALLER_A)); // the same line, another type: another site

        assertEquals(660, s.totalBytes);
        assertEquals(5, s.samples);
        List<SiteTotal> sites = s.sites();
        assertEquals(List.of(450L, 200L, 10L), sites.stream().map(t -> t.bytes).toList());
        SiteTotal point = sites.get(0);
        assertEquals(new AllocationSamples.SiteKey("demo.Main", "make", "(I)Ldemo/Point;", 12, "demo.Point"), point.key);
        assertEquals(4, point.bci(), "the bytecode index with most bytes is the one joined");
        List<Ledger.Stack> stacks = point.stacks(5);
        assertEquals(List.of(350L, 100L), stacks.stream().map(Ledger.Stack::bytes).toList());
        assertEquals(List.of(new Frame("demo.Main", "make", 12), new Frame("demo.Main", "b", 30)), stacks.get(0).frames());
        assertEquals(1, point.stacks(1).size());
    }

    @Test
    void onlyTheWindowCountsAndJfrsOwnThreadsAndMissingStacksAreSetApart() {
        AllocationSamples s = new AllocationSamples(T0.plusSeconds(10), T0.plusSeconds(20));
        s.add(at(5, 1000, "demo.Point", NEW_POINT)); // warm-up
        s.add(at(15, 100, "demo.Point", NEW_POINT));
        s.add(at(16, 40, "byte[]", new SampleFrame("jdk.jfr.internal.PlatformRecorder", "periodicTask", "()V", 1, 1)));
        s.add(at(17, 7, "byte[]"));
        s.add(new Sample(T0.plusSeconds(18), List.of(NEW_POINT), "demo.Point", 3, true));
        s.add(at(25, 1000, "demo.Point", NEW_POINT)); // after the window

        assertEquals(2, s.samplesOutsideWindow);
        assertEquals(40, s.jfrBytes);
        assertEquals(110, s.totalBytes, "the window's samples, those without a stack included");
        assertEquals(7, s.bytesWithoutStack);
        assertEquals(1, s.truncatedSamples);
        assertEquals(List.of(103L), s.sites().stream().map(t -> t.bytes).toList());
    }

    @Test
    void typeNamesAreWrittenAsJavaSourceWritesThem() {
        assertEquals("int[]", AllocationSamples.typeName("[I"));
        assertEquals("java.lang.String[][]", AllocationSamples.typeName("[[Ljava.lang.String;"));
        assertEquals("java.util.ArrayList", AllocationSamples.typeName("java.util.ArrayList"));
    }
}
