package escapelab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.Timings.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** ./lab speed's end-to-end records and its history file, from figures given by hand: nothing is timed. */
class SpeedHistoryTest {
    @Test
    void theBreakdownIsTheMedianOfEachPhaseAndTheRestIsWhatNoPhaseCovers() {
        List<Double> walls = List.of(2.0, 3.0, 1.0);
        List<Map<Phase, Double>> phases = List.of(
                Map.of(Phase.COMPILE, 0.5, Phase.DRIVER_RUN, 1.0),
                Map.of(Phase.COMPILE, 0.75, Phase.DRIVER_RUN, 2.0),
                Map.of(Phase.COMPILE, 0.25)); // a run that ended at a compile error
        ShellToAnswer.Breakdown b = ShellToAnswer.Breakdown.of(walls, phases);
        assertEquals(List.of("compile", "driver-run"), List.copyOf(b.medianSeconds().keySet()));
        assertEquals(0.5, b.medianSeconds().get("compile"));
        assertEquals(2.0, b.medianSeconds().get("driver-run")); // the upper of two, as every median here
        assertEquals(0.5, b.restMedian()); // rests 0.5, 0.25, 0.75
    }

    @Test
    void theHistoryGetsOneJsonLinePerRunWithTheMediansByName(@TempDir Path tmp) throws IOException {
        var go = List.of(0.2, 0.25, 0.3);
        var shell = new ShellToAnswer.Result(3, List.of(
                new ShellToAnswer.CommandRuns(ShellToAnswer.ESCAPE, List.of(1.0, 1.5, 2.0), 1.5, 6.0, List.of(1.1, 1.2, 1.3), 1.2),
                new ShellToAnswer.CommandRuns(ShellToAnswer.ESCAPE_WITHOUT_AOT, List.of(2.0, 2.5, 3.0), 2.5, 10.0, null, null)),
                null, go, 0.25, 0.31234, null, null, 0.75, "build/aot/lab-1-2-3-4.aot", true, List.of(1.5, 1.25, 1.0));
        var engine = SpeedCommand.EscapeVersusGo.withGo(List.of(0.5), 5, go, List.of(0.1));
        Map<String, Double> medians = SpeedHistory.medians(engine, shell);
        assertEquals(List.of(ShellToAnswer.ESCAPE, ShellToAnswer.ESCAPE_WITHOUT_AOT, "go build -gcflags=-m, file recompiled",
                ShellToAnswer.ESCAPE + ", CPU", "go build -gcflags=-m, file recompiled, CPU",
                "./lab escape over go build", "./lab escape, saved by the AOT cache in a round", "escape engine in one JVM"),
                List.copyOf(medians.keySet()));
        assertEquals(6.0, medians.get("./lab escape over go build"));
        assertEquals(0.312, medians.get("go build -gcflags=-m, file recompiled, CPU")); // to the millisecond

        Path file = tmp.resolve("bench-history/speed.jsonl");
        var first = new SpeedHistory.Entry("2026-11-29T17:00:00Z", "abc1234", false, "25.0.3", shell.loadAverage(), medians);
        SpeedHistory.append(file, first);
        SpeedHistory.append(file, new SpeedHistory.Entry("2026-11-29T18:00:00Z", "def5678", true, "25.0.3", List.of(), Map.of()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(Set.of("date", "commit", "dirty", "jdk", "loadAverage", "medians"), o.keySet());
        assertEquals("abc1234", o.get("commit").getAsString());
        assertFalse(o.get("dirty").getAsBoolean());
        assertEquals(1.5, o.getAsJsonObject("medians").get(ShellToAnswer.ESCAPE).getAsDouble());
        assertEquals(1.25, o.getAsJsonArray("loadAverage").get(1).getAsDouble());
        assertEquals("def5678", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("commit").getAsString());
    }

    @Test
    void withoutGoTheMediansLeaveGoOut() {
        var shell = new ShellToAnswer.Result(1, List.of(new ShellToAnswer.CommandRuns(ShellToAnswer.ESCAPE, List.of(1.0), 1.0, null, null, null)),
                "skipped: no go command", null, null, null, null, null, null, "none", true, List.of());
        Map<String, Double> medians = SpeedHistory.medians(null, shell);
        assertEquals(Map.of(ShellToAnswer.ESCAPE, 1.0), medians);
        assertNull(shell.command(ShellToAnswer.LAYOUT));
    }

    @Test
    void theChildrensCpuTimeIsReadFromProcSelfStatAfterTheCommandName() throws IOException {
        // A JVM's /proc/self/stat after its child shell counted to 200,000: cutime 31 ticks, cstime 0 (fields 16 and 17).
        String stat;
        try (var in = SpeedHistoryTest.class.getResourceAsStream("/escapelab/speed/jvm-proc-self-stat.txt")) {
            stat = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(0.31, ShellToAnswer.childrenCpuSeconds(stat, 100), 1e-9);
        assertEquals(0.31, ShellToAnswer.childrenCpuSeconds(stat.replace("(java)", "(a (b) c)"), 100), 1e-9);
    }

    @Test
    void theCacheSavesTheMedianOfTheSameRoundsDifferencesNotTheDifferenceOfTheMedians() {
        // Rounds of the run of 18:01 (load 6): the medians were 1.309 and 1.299 s, the cache faster in 4 rounds of 5.
        List<Double> with = List.of(1.031, 0.941, 1.309, 1.591, 1.802);
        List<Double> without = List.of(1.259, 1.275, 1.299, 2.242, 2.303);
        assertEquals(0.334, ShellToAnswer.pairedSaving(with, without), 1e-9);
        assertNull(ShellToAnswer.pairedSaving(List.of(), List.of()));
    }

    @Test
    void theLoadAverageIsReadFromProcLoadavg() {
        assertEquals(List.of(2.07, 1.67, 1.88), ShellToAnswer.parseLoadAverage("2.07 1.67 1.88 3/512 12345\n"));
    }
}
