package escapelab.golang;

import escapelab.LabException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
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
    void foldsGo124sExplanationsWhichNameNoFunction() {
        // go1.24.0 on slicesize.go: the header line lacks Go 1.26's " in variableSize".
        String out = """
                # lab
                ./slicesize.go:18:11: make([]int, n) escapes to heap:
                ./slicesize.go:18:11:   flow: {heap} = &{storage for make([]int, n)}:
                ./slicesize.go:18:11:     from make([]int, n) (non-constant size) at ./slicesize.go:18:11
                ./slicesize.go:18:11: make([]int, n) escapes to heap
                """;
        List<GoFinding> fs = GoOutput.parse(out);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals("escapes-to-heap", fs.get(0).kind());
        assertEquals(3, fs.get(0).explanation().size(), fs.toString());
    }

    @Test
    void aReleaseNameThatIsNotOneIsRefused() {
        LabException e = assertThrows(LabException.class, () -> liveGo().release("1.24; rm -rf /"));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("go1.24.0"), e.getMessage());
    }

    /** A go that cannot reach the module proxy, as on a machine without network. */
    private static GoTool offlineGo(Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("go"), """
                #!/bin/sh
                if [ "$1 $2" = "env GOVERSION" ]; then echo go1.26.8; exit 0; fi
                echo "go: downloading $GOTOOLCHAIN (linux/amd64)" >&2
                echo "go: download $GOTOOLCHAIN for linux/amd64: dial tcp: lookup proxy.golang.org: no such host" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return GoTool.at(fake);
    }

    @Test
    void anOlderReleaseThatCannotBeFetchedShowsItsTranscriptLabelled(@TempDir Path dir) throws Exception {
        GoTool offline = offlineGo(dir);
        LabException e = assertThrows(LabException.class, () -> offline.release("go1.24.0"));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot get Go release go1.24.0 through the module proxy (go: download go1.24.0"), e.getMessage());
        GoReport r = GoEscape.onRelease("slicesize", "go1.24.0", GoEscape.exampleOptions("slicesize").go(offline));
        assertNotNull(r.recorded());
        assertEquals("go1.24.0", r.goVersion());
        String shown = GoText.text(r, false);
        assertTrue(shown.startsWith("# slicesize.go: RECORDED output of go1.24.0"), shown);
        assertTrue(shown.contains("shown because cannot get Go release go1.24.0"), shown);
        assertTrue(r.findings().stream().anyMatch(f -> f.line() == 22 && f.kind().equals(GoFinding.ESCAPES_TO_HEAP)), shown);
    }

    @Test
    void anOlderReleaseWithoutATranscriptSaysWhatToDo(@TempDir Path dir) throws Exception {
        LabException e = assertThrows(LabException.class,
                () -> GoEscape.onRelease("returnpointer", "go1.24.0", GoEscape.exampleOptions("returnpointer").go(offlineGo(dir))));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("no transcript of returnpointer.go on go1.24.0"), e.getMessage());
    }

    /** Live: Go 1.24 sends make([]int, n) to the heap, Go 1.25 and later do not. Skipped where go1.24.0 cannot be fetched. */
    @Test
    @Tag("live")
    void slicesizeOnGo124BesideTheLabsGo() {
        GoTool go = liveGo();
        try {
            go.release("go1.24.0");
        } catch (LabException e) {
            Assumptions.abort(e.getMessage() + "; skipped");
        }
        GoReleases both = GoReleases.of("slicesize", "go1.24.0");
        assertNull(both.older().recorded(), "live, not recorded");
        assertEquals("go1.24.0", both.older().goVersion());
        assertEquals(List.of("slicesize.go:22:11: go1.24.0 says \"make([]int, n) escapes to heap\", " + go.version()
                + " says \"make([]int, n) does not escape\""), both.differences(), both.toText());
    }

    @Test
    @Tag("live")
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
    @Tag("live")
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
        assertTrue(r.findings().stream().anyMatch(f -> f.heap() && f.line() == 13), GoText.text(r, false));
    }

    @Test
    void withoutGoOrATranscriptItSaysHowToInstallGo(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("mine.go"), "package example\n");
        LabException e = assertThrows(LabException.class, () -> GoEscape.analyze(src, GoEscape.Options.defaults().recordedOnly(true)));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("apt-get install golang-go"), e.getMessage());
    }

    @Test
    @Tag("live")
    void aLiveReportIsNotLabelledRecorded() throws Exception {
        GoReport r = GoEscape.example("returnpointer", GoEscape.Options.defaults().go(liveGo()));
        assertNull(r.recorded());
        assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals(GoFinding.MOVED_TO_HEAP)));
    }
}
