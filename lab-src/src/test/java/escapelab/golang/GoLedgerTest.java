package escapelab.golang;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.ledger.Ledger;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Go ledger's parsing and join on output recorded from one real run of
 * lab-src/examples/ledger/godemo (copied to /tmp/ledgerdemo, go1.26.8): {@code go test -c
 * -gcflags=-m=2}, the benchmark's output and {@code go tool pprof -raw} of its memory profile; and
 * the messages for bad input. No go command runs here.
 */
class GoLedgerTest {
    private static final Path RECORDED = Path.of("src/test/resources/escapelab/golang/ledger");
    /** Where the recording ran: the paths in it are this folder's. */
    private static final Path DEMO = Path.of("/tmp/ledgerdemo");

    private static String recorded(String name) throws IOException {
        return Files.readString(RECORDED.resolve(name));
    }

    private static Ledger.Run demo() throws IOException {
        List<PprofRaw.Sample> samples = PprofRaw.parse(recorded("godemo-pprof-raw.txt"));
        Map<String, List<GoFinding>> heap = GoLedger.escapeFindings(recorded("godemo-m2.txt"), DEMO);
        return GoLedger.join("go1.26.8", "godemo", 0.9, samples, heap, DEMO, List.of());
    }

    private static LedgerSite site(Ledger ledger, String method, int line) {
        return ledger.sites().stream().filter(s -> s.method().equals(method) && s.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no site " + method + ":" + line + " in " + ledger.sites()));
    }

    @Test
    void rawProfileIsReadWithExactBytesAndInlinedFrames() throws IOException {
        List<PprofRaw.Sample> samples = PprofRaw.parse(recorded("godemo-pprof-raw.txt"));
        assertEquals(19, samples.size());
        assertEquals(67634184, samples.get(0).bytes());
        assertEquals("ledgerdemo.BenchmarkPair", samples.get(0).frames().get(0).function());
        assertEquals("/tmp/ledgerdemo/alloc_test.go", samples.get(0).frames().get(0).file());
        assertEquals(31, samples.get(0).frames().get(0).line());
        // location 7 holds Grow inlined into BenchmarkGrow
        PprofRaw.Sample grow = samples.get(9);
        assertEquals(524296, grow.bytes());
        assertEquals(List.of("ledgerdemo.Grow", "ledgerdemo.BenchmarkGrow", "testing.(*B).runN", "testing.(*B).launch"),
                grow.frames().stream().map(PprofRaw.Frame::function).toList());
        assertTrue(grow.frames().get(0).inlined());
        assertFalse(grow.frames().get(1).inlined());
        assertEquals(563_955_079L, samples.stream().mapToLong(PprofRaw.Sample::bytes).sum());
    }

    @Test
    void functionNamesSplitIntoPackageAndFunction() {
        assertEquals("encoding/json", new PprofRaw.Frame("encoding/json.(*encodeState).marshal", "", 1, false).packagePath());
        assertEquals("(*encodeState).marshal", new PprofRaw.Frame("encoding/json.(*encodeState).marshal", "", 1, false).functionName());
        assertEquals("example.com/m/v2/p", new PprofRaw.Frame("example.com/m/v2/p.F[...]", "", 1, false).packagePath());
        assertEquals("F.func1", new PprofRaw.Frame("main.F.func1", "", 1, false).functionName());
        assertTrue(new PprofRaw.Frame("internal/runtime/maps.newarray", "", 1, false).runtime());
        assertFalse(new PprofRaw.Frame("runtime/pprof.writeAlloc", "/usr/local/go/src/runtime/pprof/pprof.go", 1, false).runtime());
        // a runtime function lent to reflect under reflect's name
        assertTrue(new PprofRaw.Frame("reflect.growslice", "/usr/local/go/src/runtime/slice.go", 373, false).runtime());
    }

    @Test
    void notAMemoryProfileIsAnInputError() {
        LabException e = assertThrows(LabException.class, () -> PprofRaw.parse("PeriodType: cpu nanoseconds\nSamples:\nsamples/count cpu/nanoseconds\n"));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("no alloc_space"), e.getMessage());
        assertThrows(LabException.class, () -> PprofRaw.parse(""));
    }

    @Test
    void sitesAreRankedByBytesWithSharesOfTheTotal() throws IOException {
        Ledger ledger = demo().ledger();
        assertEquals(Ledger.Language.GO, ledger.language());
        assertEquals(563_955_079L, ledger.totalBytes());
        List<LedgerSite> sites = ledger.sites();
        for (int i = 1; i < sites.size(); i++) {
            assertTrue(sites.get(i - 1).bytes() >= sites.get(i).bytes());
        }
        assertEquals(1.0, sites.stream().mapToDouble(LedgerSite::share).sum(), 1e-9);
        LedgerSite top = sites.get(0);
        assertEquals("ledgerdemo", top.className());
        assertEquals("Grow", top.method());
        assertEquals("alloc.go", top.file());
        assertEquals(20, top.line());
        assertEquals(248_678_782L, top.bytes());
        for (LedgerSite s : sites) {
            assertEquals(null, s.escapeState());
            assertFalse(s.stacks().isEmpty());
            assertEquals(s.bytes(), s.stacks().stream().mapToLong(Ledger.Stack::bytes).sum(), "one stack per site here: " + s);
        }
    }

    @Test
    void anInlinedAppendIsJudgedByItsCopyInTheCaller() throws IOException {
        LedgerSite grow = site(demo().ledger(), "Grow", 20);
        assertEquals(Verdict.KEPT, grow.verdict());
        // the compiler's words for the copy inlined into BenchmarkGrow, reported at the call's line
        assertTrue(grow.reason().startsWith("inlined into ledgerdemo.BenchmarkGrow at alloc_test.go:19:\n"), grow.reason());
        assertTrue(grow.reason().contains("alloc_test.go:19:14: append(s, i) escapes to heap in BenchmarkGrow:"), grow.reason());
        assertTrue(grow.reason().endsWith("alloc_test.go:19:14: append escapes to heap"), grow.reason());
        assertEquals(List.of(new Ledger.Frame("ledgerdemo", "Grow", 20), new Ledger.Frame("ledgerdemo", "BenchmarkGrow", 19),
                new Ledger.Frame("testing", "(*B).runN", 219), new Ledger.Frame("testing", "(*B).launch", 357)), grow.stacks().get(0).frames());
    }

    @Test
    void anInlinedSitesFindingsAreNarrowedToItsOwnExpression() throws IOException {
        // Grow's append inlined into "sink = Grow(100)" with sink of type any: two heap findings on the call's line,
        // the append's and the interface conversion's (~r0); recorded in /tmp/lg/p on go1.26.8
        Path p = Path.of("/tmp/lg/p");
        Ledger ledger = GoLedger.join("go1.26.8", "p", 1, PprofRaw.parse(recorded("inlined-any-pprof-raw.txt")),
                GoLedger.escapeFindings(recorded("inlined-any-m2.txt"), p), p, List.of()).ledger();
        LedgerSite grow = site(ledger, "Grow", 16);
        assertTrue(grow.reason().endsWith("alloc_test.go:15:14: append escapes to heap"), grow.reason());
        assertFalse(grow.reason().contains("~r0"), grow.reason());
        // the conversion's own allocation is on the caller's line, where pprof cannot tell the two apart
        LedgerSite conversion = site(ledger, "BenchmarkGrow", 15);
        assertEquals(Verdict.KEPT, conversion.verdict());
        assertTrue(conversion.reason().contains("alloc_test.go:15:14: ~r0 escapes to heap"), conversion.reason());
        assertTrue(conversion.reason().contains("alloc_test.go:15:14: append escapes to heap"), conversion.reason());
    }

    @Test
    void aReturnedLocalIsMovedToTheHeapInTheCompilersWords() throws IOException {
        LedgerSite point = site(demo().ledger(), "NewPoint", 12);
        assertEquals(Verdict.KEPT, point.verdict());
        assertEquals("""
                alloc.go:12:2: p escapes to heap in NewPoint:
                alloc.go:12:2:   flow: ~r0 ← &p:
                alloc.go:12:2:     from &p (address-of) at ./alloc.go:13:9
                alloc.go:12:2:     from return &p (return) at ./alloc.go:13:2
                alloc.go:12:2: moved to heap: p""", point.reason());
        LedgerSite pair = site(demo().ledger(), "BenchmarkPair", 31);
        assertEquals(Verdict.KEPT, pair.verdict());
        assertTrue(pair.reason().endsWith("alloc_test.go:31:14: []int{...} escapes to heap"), pair.reason());
        LedgerSite make = site(demo().ledger(), "Fill", 29);
        assertTrue(make.reason().endsWith("alloc.go:29:11: make(map[int]int) escapes to heap"), make.reason());
    }

    @Test
    void aGrowingMapAndTheRuntimesOwnAllocationsHaveNoSite() throws IOException {
        Ledger ledger = demo().ledger();
        LedgerSite fill = site(ledger, "Fill", 31);
        assertEquals(Verdict.NO_SITE, fill.verdict());
        assertTrue(fill.reason().startsWith("no heap finding of the compiler on this line"), fill.reason());
        LedgerSite runtime = site(ledger, "mallocgc", 1143);
        assertEquals("runtime", runtime.className());
        assertEquals(Verdict.NO_SITE, runtime.verdict());
        assertEquals("allocated inside the Go runtime, in runtime.mallocgc (runtime/malloc.go:1143), the runtime's own work: "
                + "no line the compiler's escape findings cover", runtime.reason());
    }

    @Test
    void everyDistinctStackGoesToTheFlameGraphWithItsSitesVerdict() throws IOException {
        Ledger.Run run = demo();
        assertEquals(6, run.stacks().size());
        assertEquals(run.ledger().totalBytes(), run.stacks().stream().mapToLong(Ledger.FlameStack::bytes).sum());
        Ledger.FlameStack fill = run.stacks().stream().filter(s -> s.frames().get(0).equals(new Ledger.Frame("ledgerdemo", "Fill", 31)))
                .findFirst().orElseThrow();
        assertEquals(Verdict.NO_SITE, fill.verdict());
    }

    @Test
    void onlyPackagesOtherThanTheBenchmarkedOneAreCompiledAgain() throws IOException {
        List<PprofRaw.Sample> samples = PprofRaw.parse(recorded("godemo-pprof-raw.txt"));
        assertEquals(List.of(), List.copyOf(GoLedger.otherPackages(samples, DEMO)));
        PprofRaw.Sample json = new PprofRaw.Sample(10, List.of(
                new PprofRaw.Frame("encoding/json.(*decodeState).literalStore", "/usr/local/go/src/encoding/json/decode.go", 950, true),
                new PprofRaw.Frame("encoding/json.(*decodeState).value", "/usr/local/go/src/encoding/json/decode.go", 380, false),
                new PprofRaw.Frame("gojson.BenchmarkUnmarshal", "/tmp/gojson/json_test.go", 40, false)));
        assertEquals(List.of("encoding/json"), List.copyOf(GoLedger.otherPackages(List.of(json), DEMO)));
    }

    @Test
    void theBenchmarksOwnResultsBecomeNotes() throws IOException {
        assertEquals(List.of("BenchmarkNewPoint-2 6158814 84.95 ns/op 16 B/op 1 allocs/op",
                "BenchmarkGrow-2 114190 1599 ns/op 2040 B/op 7 allocs/op",
                "BenchmarkFill-2 17006 6304 ns/op 4648 B/op 11 allocs/op",
                "BenchmarkPair-2 3318296 57.91 ns/op 16 B/op 1 allocs/op"), GoLedger.benchmarkResults(recorded("godemo-bench.txt")));
    }

    private static ChildProcess.Result ended(int exit, String stdout) {
        return new ChildProcess.Result(List.of("x.test"), exit, stdout, "", false, Duration.ofMillis(300));
    }

    @Test
    void aPanicNamesTheBenchmarkAndTheLineInThePackage() throws IOException {
        Path bad = Path.of("/tmp/lg/bad");
        LabException e = assertThrows(LabException.class, () -> GoLedger.checkBenchmarkRun(ended(2, recorded("panic-bench.txt")), bad, bad,
                GoLedger.Options.defaults()));
        assertEquals(LabException.INPUT, e.exitCode());
        assertEquals("/tmp/lg/bad/bad.go:4: BenchmarkIndex panicked: runtime error: index out of range [3] with length 3\n"
                + "/tmp/lg/bad: fix the panic and run again", e.getMessage());
    }

    @Test
    void aPanicOnStandardErrorApartFromTheBenchmarksNameIsFoundToo() throws IOException {
        // as the lab runs the test binary: stdout and stderr apart, and the testing package then prints a NaN result line
        Path bad = Path.of("/tmp/lg/bad");
        ChildProcess.Result r = new ChildProcess.Result(List.of("x.test"), 2, recorded("panic-stdout.txt"), recorded("panic-stderr.txt"),
                false, Duration.ofMillis(300));
        LabException e = assertThrows(LabException.class, () -> GoLedger.checkBenchmarkRun(r, bad, bad, GoLedger.Options.defaults()));
        assertTrue(e.getMessage().startsWith("/tmp/lg/bad/bad.go:4: BenchmarkIndex panicked: runtime error: index out of range [3]"),
                e.getMessage());
    }

    @Test
    void aFailedBenchmarkShowsItsMessagesAtTheirLines() throws IOException {
        Path bad = Path.of("/tmp/lg/bad");
        LabException e = assertThrows(LabException.class, () -> GoLedger.checkBenchmarkRun(ended(1, recorded("fatal-bench.txt")), bad, bad,
                GoLedger.Options.defaults()));
        assertEquals("/tmp/lg/bad/bad_test.go:10: stopped at 11\n/tmp/lg/bad: BenchmarkIndex failed (exit 1 in 0.30 s)", e.getMessage());
    }

    @Test
    void aBenchRegexpThatMatchesNothingListsTheBenchmarks(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_test.go"), "package a\n\nimport \"testing\"\n\nfunc BenchmarkOne(b *testing.B) {}\n\nfunc BenchmarkTwo(b *testing.B) {}\n");
        LabException e = assertThrows(LabException.class, () -> GoLedger.checkBenchmarkRun(ended(0, "goos: linux\nPASS\n"), dir, dir,
                GoLedger.Options.defaults().bench("Three")));
        assertEquals(dir + ": no benchmark matches -bench 'Three'; the package's benchmarks: BenchmarkOne, BenchmarkTwo", e.getMessage());
    }

    @Test
    void aFolderWithoutGoFilesIsNotAGoPackage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Main.java"), "class Main {}");
        assertFalse(GoLedger.isGoPackage(dir));
        assertFalse(GoLedger.isGoPackage(dir.resolve("Main.java")));
        LabException e = assertThrows(LabException.class, () -> GoLedger.run(dir, GoLedger.Options.defaults()));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir + ": no .go files here, so not a Go package"), e.getMessage());
        e = assertThrows(LabException.class, () -> GoLedger.run(dir.resolve("missing"), GoLedger.Options.defaults()));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }

    @Test
    void aPackageWithoutABenchmarkOrAModuleIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.go"), "package a\n");
        Files.writeString(dir.resolve("a_test.go"), "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n");
        assertTrue(GoLedger.isGoPackage(dir));
        LabException e = assertThrows(LabException.class, () -> GoLedger.run(dir, GoLedger.Options.defaults()));
        assertTrue(e.getMessage().startsWith(dir + ": no benchmark in this package"), e.getMessage());
        Files.writeString(dir.resolve("b_test.go"), "package a\n\nimport \"testing\"\n\nfunc BenchmarkA(b *testing.B) {}\n");
        e = assertThrows(LabException.class, () -> GoLedger.run(dir, GoLedger.Options.defaults()));
        assertEquals(dir + ": no go.mod in this folder or above it; run 'go mod init NAME' in " + dir + " to make it a module", e.getMessage());
    }
}
