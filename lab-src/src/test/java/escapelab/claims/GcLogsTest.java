package escapelab.claims;

import escapelab.jvm.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsers of the collectors' own logs and of the programs' result lines, on lines the tools printed. */
class GcLogsTest {
    /** Logs written by Churn.java on JDK 25 (-Xlog:gc,gc+phases) and churn.go (GODEBUG=gctrace=1), in src/test/resources. */
    private static String recorded(String name) throws IOException {
        try (InputStream in = GcLogsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recordedLogsOfEachCollector() throws IOException {
        assertEquals(9, GcPauses.unified(recorded("g1-jdk25.log"), "Pause").size());
        assertEquals(8, GcPauses.unified(recorded("parallel-jdk25.log"), "Pause").size());
        String zgc = recorded("zgc-jdk25.log");
        assertEquals(43, GcPauses.unified(zgc, "Pause").size());
        assertEquals(4, GcPauses.unified(zgc, "Stall").size());
        List<GcPauses.Pause> go = GcPauses.gctrace(recorded("gctrace-go1.26.log"));
        assertEquals(2 * 48, go.size(), "two stop-the-world phases per cycle");
        assertEquals(new GcPauses.Pause(0.020, 0.087, "STW sweep termination"), go.get(0));
    }

    @Test
    void cutAndShuffledLogsReadWithoutError() throws IOException {
        for (String name : List.of("g1-jdk25.log", "zgc-jdk25.log", "parallel-jdk25.log", "gctrace-go1.26.log")) {
            String log = recorded(name);
            int whole = GcPauses.unified(log, "Pause").size() + GcPauses.gctrace(log).size();
            for (int cut = 0; cut <= log.length(); cut += log.length() / 60 + 1) {
                String part = log.substring(0, cut);
                assertTrue(GcPauses.unified(part, "Pause").size() + GcPauses.gctrace(part).size() <= whole, name + " cut at " + cut);
                GcPauses.unified(part, "Stall");
            }
            List<String> lines = new ArrayList<>(log.lines().toList());
            Collections.shuffle(lines, new Random(7));
            assertEquals(whole, GcPauses.unified(String.join("\n", lines), "Pause").size() + GcPauses.gctrace(String.join("\n", lines)).size(),
                    name + ": each line stands alone");
        }
    }

    @Test
    void aGctraceLineWithAMalformedNumberIsLeftOut() {
        assertEquals(List.of(), GcPauses.gctrace("gc 6 @1.375s 6%: 0.2.1+91+0.042 ms clock, 0.42 ms cpu\n"));
        assertTrue(Double.isNaN(Programs.number(java.util.Map.of("rate_mb_s", "fast"), "rate_mb_s")));
    }
    @Test
    void unifiedLogPausesOfG1AndParallel() {
        String log = """
                [0.010s][info][gc] Using G1
                [0.120s][info][gc       ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 35M->34M(512M) 36.093ms
                [0.121s][info][gc,phases] GC(0)   Evacuate Collection Set: 30.1ms
                [0.900s][info][gc       ] GC(5) Pause Remark 300M->300M(512M) 2.250ms
                [0.316s][info][gc] GC(0) Pause Young (Allocation Failure) 129M->125M(491M) 194.972ms
                [1.000s][info][gc       ] GC(6) Concurrent Mark Cycle 120.5ms
                """;
        List<GcPauses.Pause> p = GcPauses.unified(log, "Pause");
        assertEquals(3, p.size(), p.toString());
        assertEquals(new GcPauses.Pause(0.120, 36.093, "Pause Young (Normal) (G1 Evacuation Pause)"), p.get(0));
        assertEquals("Pause Remark", p.get(1).what());
        assertEquals(194.972, p.get(2).ms());
    }

    @Test
    void unifiedLogPausesAndStallsOfZgc() {
        String log = """
                [0.272s][info][gc,phases] GC(0) Y: Pause Mark Start (Major) 0.015ms
                [0.299s][info][gc,phases] GC(0) Y: Concurrent Mark 2.091ms
                [0.301s][info][gc,phases] GC(0) O: Pause Relocate Start 0.007ms
                [0.517s][info][gc       ] Allocation Stall (main) 60.978ms
                [0.538s][info][gc       ] GC(4) Minor Collection (Allocation Stall)
                [0.717s][info][gc       ] Relocation Stall (main) 0.529ms
                """;
        assertEquals(List.of("Y: Pause Mark Start (Major)", "O: Pause Relocate Start"),
                GcPauses.unified(log, "Pause").stream().map(GcPauses.Pause::what).toList());
        List<GcPauses.Pause> stalls = GcPauses.unified(log, "Stall");
        assertEquals(2, stalls.size(), "a collection started by a stall is not a stall: " + stalls);
        assertEquals(60.978, stalls.get(0).ms());
    }

    @Test
    void gctraceGivesTwoStopTheWorldPhasesPerCycle() {
        String err = """
                gc 6 @1.375s 6%: 0.21+91+0.042 ms clock, 0.42+16/45/81+0.085 ms cpu, 272->290->166 MB, 319 MB goal, 0 MB stacks, 0 MB globals, 2 P
                GC forced
                gc 7 @2.008s 7%: 0.18+160+0.070 ms clock, 0.37+43/79/126+0.14 ms cpu, 283->315->183 MB, 332 MB goal, 0 MB stacks, 0 MB globals, 2 P
                """;
        List<GcPauses.Pause> p = GcPauses.gctrace(err);
        assertEquals(4, p.size());
        assertEquals(new GcPauses.Pause(1.375, 0.21, "STW sweep termination"), p.get(0));
        assertEquals(new GcPauses.Pause(2.008, 0.070, "STW mark termination"), p.get(3));
    }

    @Test
    void resultIsTheLastKeyValueLineAndIgnoresJvmWarnings() {
        String out = """
                tasks=1 started_ms=1.0
                [38.9s][warning][os,thread] Failed to start thread "Unknown thread" - pthread_create failed (EAGAIN) for attributes: stacksize: 1024k
                tasks=100000 stopped_at=32436 started_ms=38197.6 rss_before_kb=104428 peak_rss_kb=927548 error=unable_to_create_native_thread
                """;
        ConcurrentTasks.Run r = ConcurrentTasks.parse(ConcurrentTasks.PLATFORM, 100_000, 100_000, result(0, out, false), "");
        assertEquals(32436, r.started());
        assertFalse(r.complete());
        assertEquals("unable to create native thread", r.error());
        assertEquals(927548, r.peakRssKb());
    }

    @Test
    void aProgramThatPrintedNoResultIsReportedWithWhy() {
        ConcurrentTasks.Run crashed = ConcurrentTasks.parse(ConcurrentTasks.GOROUTINES, 10, 10, result(2, "panic: boom", false), "");
        assertFalse(crashed.complete());
        assertTrue(crashed.error().contains("panic: boom"), crashed.error());
        ConcurrentTasks.Run hung = ConcurrentTasks.parse(ConcurrentTasks.GOROUTINES, 10, 10, result(-1, "", true), "");
        assertEquals("stopped at the time limit", hung.error());
        assertEquals("", ConcurrentTasks.table(List.of(hung)).rows().get(0).get(4), "no done time for a run that did not finish");
    }

    @Test
    void anUnknownCollectorIsRefusedWithTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> GcPauses.java("Shenandoa", GcPauses.Scale.current(), l -> { }));
        assertTrue(e.getMessage().contains("G1"), e.getMessage());
    }

    @Test
    void elfInterpreterOfTheJavaLauncherAndOfANonElfFile(@TempDir Path dir) throws Exception {
        String interp = Elf.interpreter(escapelab.Lab.jdk().java());
        assertTrue(interp.startsWith("/") && interp.contains("ld-"), "the java launcher is dynamic: " + interp);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a program");
        assertThrows(IllegalArgumentException.class, () -> Elf.interpreter(text));
    }

    private static ChildProcess.Result result(int exit, String stdout, boolean timedOut) {
        return new ChildProcess.Result(List.of("program"), exit, stdout, "", timedOut, Duration.ZERO);
    }
}
