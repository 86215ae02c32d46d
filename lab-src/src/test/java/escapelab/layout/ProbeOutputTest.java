package escapelab.layout;

import escapelab.jvm.Jdk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's reading of what its JOL probe prints, on lines the probe printed on JDK 25 for
 * Shapes.Sub (src/test/resources/escapelab/layout) in three modes; no JVM is started.
 */
class ProbeOutputTest {
    private static String recorded(String name) throws IOException {
        try (InputStream in = ProbeOutputTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Layout read(Mode mode, String text) {
        return Layouts.read(new Layouts.Target(mode, Jdk.current()), "Shapes.Sub", text);
    }

    @Test
    void theThreeModesOfJdk25() throws IOException {
        Layout plain = read(Mode.DEFAULT, recorded("probe-default-jdk25.txt"));
        assertEquals(32, plain.instanceSize());
        assertEquals(12, plain.headerSize());
        assertEquals(List.of("i", "l", "b", "flag", "o"), plain.fields().stream().map(Layout.Field::name).toList());
        assertEquals(new Layout.Field("flag", "boolean", 25, 1, "Shapes.Sub"), plain.fields().get(3));
        assertEquals(List.of("b", "l", "o", "i", "flag"), plain.declared().stream().map(Layout.Field::name).toList());
        assertEquals(8, read(Mode.COMPACT_HEADERS, recorded("probe-compact-headers-jdk25.txt")).headerSize());
        Layout wide = read(Mode.NO_COMPRESSED_OOPS, recorded("probe-no-compressed-oops-jdk25.txt"));
        assertEquals(40, wide.instanceSize());
        assertEquals(8, wide.fields().get(4).size(), "an uncompressed reference");
    }

    @Test
    void footprintLines() throws IOException {
        List<Footprint.Point> points = Layouts.footprintPoints("default", recorded("probe-footprint-jdk25.txt"));
        assertEquals(6, points.size());
        assertEquals(new Footprint.Point("default", "int[] keys + int[] values", 100, 832, 2), points.get(5));
    }

    @Test
    void theFootprintChartGivesAStructureOneColourAndAModeOneLineAndMarker() throws IOException {
        List<Footprint.Point> points = new ArrayList<>(Layouts.footprintPoints("default", recorded("probe-footprint-jdk25.txt")));
        points.addAll(Layouts.footprintPoints("compact-headers", recorded("probe-footprint-jdk25.txt")));
        var series = new Footprint(points, List.of()).chart();
        assertEquals(6, series.getSeriesCollection().size());
        var intsDefault = series.getSeries("int[] keys + int[] values | default");
        var intsCompact = series.getSeries("int[] keys + int[] values | compact-headers");
        var mapDefault = series.getSeries("HashMap<Integer,Integer> | default");
        assertEquals(intsDefault.getLineColor(), intsCompact.getLineColor(), "one structure, one colour");
        assertEquals(intsDefault.getLineColor(), intsCompact.getMarkerColor());
        assertTrue(!intsDefault.getMarker().equals(intsCompact.getMarker())
                && !intsDefault.getLineStyle().equals(intsCompact.getLineStyle()), "two modes, two markers and lines");
        assertTrue(!mapDefault.getLineColor().equals(intsDefault.getLineColor()), "two structures, two colours");
    }

    @Test
    void aMissingClassAndNoLayoutAtAll() {
        assertEquals("no class Nope on this JDK's class path", read(Mode.DEFAULT, "@@missing Nope\n").error());
        assertNull(read(Mode.DEFAULT, "Error: Could not find or load main class LabLayoutProbe\n"));
    }

    @Test
    void cutShuffledAndForeignLinesAreLeftOutWithoutError() throws IOException {
        String text = recorded("probe-default-jdk25.txt") + "@@field x\n@@layout Shapes 3x 12 0 0\n@@footprint 10 many 3 X\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            Layout l = read(Mode.DEFAULT, text.substring(0, cut));
            assertTrue(l == null || l.fields().size() <= 5, "cut at " + cut);
            Layouts.footprintPoints("default", text.substring(0, cut));
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        for (long seed = 0; seed < 20; seed++) {
            Collections.shuffle(lines, new Random(seed));
            Layout l = read(Mode.DEFAULT, String.join("\n", lines));
            assertEquals(32, l.instanceSize(), "the malformed @@layout line is left out, in any order");
            assertEquals(5, l.fields().size());
        }
        assertEquals(0, Layouts.footprintPoints("default", "@@footprint 10 many 3 X\n@@footprint 1\n").size());
    }
}
