package escapelab.golang;

import escapelab.LabException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Go runner on programs and toolchains that fail in each way the issue names. */
class GoEscapeTest {
    private static GoTool liveGo() {
        var go = GoTool.find();
        Assumptions.assumeTrue(go.isPresent(), "no go command (apt-get install golang-go); skipped");
        return go.get();
    }

    @Test
    void parsesKindsAndFoldsTheMinusM2Explanation() {
        String out = """
                # lab
                ./a.go:3:6: can inline f
                ./a.go:4:2: x escapes to heap in f:
                ./a.go:4:2:   flow: ~r0 ← &x:
                ./a.go:4:2:     from &x (address-of) at ./a.go:5:9
                ./a.go:4:2: moved to heap: x
                ./a.go:7:8: leaking param: p to result ~r0 level=0
                ./a.go:9:11: make([]int, 8) does not escape
                ./a.go:9:20: inlining call to g
                ./a.go:12:6: cannot inline h: function too complex: cost 146 exceeds budget 80
                ./a.go:13:9: p.X escapes to heap
                ./a.go:14:1: h ignoring self-assignment in p.x = p.x
                """;
        List<GoFinding> fs = GoOutput.parse(out);
        assertEquals(List.of("inline-can", "moved-to-heap", "leaking-param", "does-not-escape", "inline-call", "inline-cannot",
                "escapes-to-heap", "other"), fs.stream().map(GoFinding::kind).toList());
        GoFinding moved = fs.get(1);
        assertEquals("a.go:4:2", moved.position());
        assertEquals(List.of("x escapes to heap in f:", "  flow: ~r0 ← &x:", "    from &x (address-of) at ./a.go:5:9"), moved.explanation());
    }

    @Test
    void concurrentRunsOfTheSameProgramEachGetTheWholeOutput() throws Exception {
        GoTool go = liveGo();
        // Two kernels, or a test run beside a notebook, share $TMPDIR/escape-lab-go: a run that
        // deleted or found an up-to-date output of another's would print no findings at all.
        String source = "package p\n\nfunc f() *int {\n\tx := " + System.nanoTime() % 1000 + "\n\treturn &x\n}\n";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var runs = new java.util.ArrayList<java.util.concurrent.Future<GoReport>>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> GoEscape.analyze("p.go", source, GoEscape.Options.defaults().go(go))));
            }
            for (var run : runs) {
                assertEquals(List.of("moved to heap: x"), run.get().findings().stream()
                        .filter(f -> f.kind().equals(GoFinding.MOVED_TO_HEAP)).map(GoFinding::message).toList());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aCompileErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        GoTool go = liveGo();
        Path bad = Files.writeString(dir.resolve("bad.go"), "package example\n\nfunc f() int {\n\treturn y\n}\n");
        LabException e = assertThrows(LabException.class, () -> GoEscape.analyze(bad, GoEscape.Options.defaults().go(go)));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("bad.go:4:9: undefined: y"), e.getMessage());
        assertTrue(e.getMessage().endsWith("fix the source and run again"), e.getMessage());
    }

    @Test
    void aBuildThatHangsIsStoppedAtTheTimeLimit(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("go"), "#!/bin/sh\nif [ \"$1\" = env ]; then echo go1.99-hang; exit 0; fi\nsleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path src = Files.writeString(dir.resolve("a.go"), "package example\n");
        long start = System.nanoTime();
        LabException e = assertThrows(LabException.class, () -> GoEscape.analyze(src,
                GoEscape.Options.defaults().go(GoTool.at(fake)).timeLimit(Duration.ofSeconds(2))));
        assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "stopped near the limit, not after the sleep");
    }

    @Test
    void withoutGoAnExampleShowsItsTranscriptLabelled() {
        GoReport r = GoEscape.example("makebuf", GoEscape.Options.defaults().recordedOnly(true));
        assertNotNull(r.recorded());
        assertTrue(GoText.text(r, false).startsWith("# makebuf.go: RECORDED output of go"), GoText.text(r, false));
        assertTrue(r.findings().stream().anyMatch(f -> f.heap() && f.line() == 10), GoText.text(r, false));
    }

    @Test
    void withoutGoOrATranscriptItSaysHowToInstallGo(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("mine.go"), "package example\n");
        LabException e = assertThrows(LabException.class, () -> GoEscape.analyze(src, GoEscape.Options.defaults().recordedOnly(true)));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("apt-get install golang-go"), e.getMessage());
    }

    @Test
    void aLiveReportIsNotLabelledRecorded() throws Exception {
        GoReport r = GoEscape.example("returnpointer", GoEscape.Options.defaults().go(liveGo()));
        assertNull(r.recorded());
        assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals(GoFinding.MOVED_TO_HEAP)));
    }
}
