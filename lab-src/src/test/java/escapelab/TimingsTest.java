package escapelab;

import escapelab.Timings.Phase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LAB_TIMINGS's line, read back from recorded standard error of ./lab escape; no JVM is forked. */
class TimingsTest {
    @Test
    void everyPhaseOfAnEscapeRunIsReadInOrder() {
        Map<Phase, Double> t = Timings.read(resource("escape-timings.stderr"));
        assertEquals(List.of(Phase.values()), List.copyOf(t.keySet()));
        assertEquals(0.098253, t.get(Phase.SCRIPT));
        assertEquals(1.58978, t.get(Phase.COMPILE));
        assertEquals(0.016569, t.get(Phase.RENDER));
    }

    @Test
    void aRunThatStoppedAtACompileErrorHasTheFirstPhasesOnlyAndItsMessageIsNotALine() {
        String stderr = resource("escape-compile-error-timings.stderr");
        assertTrue(stderr.startsWith("lab escape: Broken.java:1:31: error"));
        Map<Phase, Double> t = Timings.read(stderr);
        assertEquals(List.of(Phase.SCRIPT, Phase.LAB_JVM_START, Phase.ARGUMENTS), List.copyOf(t.keySet()));
    }

    @Test
    void aLineThatIsNotJsonOrHasNoNumbersIsLeftOut() {
        assertEquals(Map.of(), Timings.read("@@lab timings {broken\n@@lab timings []\nnothing here"));
        assertEquals(Map.of(Phase.COMPILE, 0.5), Timings.read("@@lab timings {\"compile\": 0.5, \"render\": \"soon\", \"other\": 1}"));
    }

    @Test
    void theLineWrittenIsTheLineRead() {
        Map<Phase, Double> t = new EnumMap<>(Phase.class);
        t.put(Phase.LAB_JVM_START, 0.1234567);
        t.put(Phase.VERDICTS, 2.0);
        String line = Timings.line(t);
        assertEquals("@@lab timings {\"lab-jvm-start\": 0.123457, \"verdicts\": 2.0}", line);
        assertEquals(Map.of(Phase.LAB_JVM_START, 0.123457, Phase.VERDICTS, 2.0), Timings.read("lab: a message\n" + line + "\n"));
    }

    @Test
    void bashsEpochRealtimeIsReadWithAPointOrAComma() {
        assertEquals(1764436800.123456, Timings.epochSeconds("1764436800.123456"));
        assertEquals(1764436800.123456, Timings.epochSeconds("1764436800,123456"));
        assertNull(Timings.epochSeconds(""));
        assertNull(Timings.epochSeconds("soon"));
        assertTrue(Timings.on("1") && !Timings.on("0") && !Timings.on(null) && !Timings.on("false"));
    }

    private static String resource(String name) {
        try (InputStream in = TimingsTest.class.getResourceAsStream("/escapelab/speed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
