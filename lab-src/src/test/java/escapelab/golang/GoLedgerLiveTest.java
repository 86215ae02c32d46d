package escapelab.golang;

import escapelab.LabException;
import escapelab.ledger.Ledger;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Go ledger on real benchmarks with the installed go: the join's verdicts and reasons, and bad packages. */
@Tag("live")
class GoLedgerLiveTest {
    private static final Path DEMO = Path.of("examples/ledger/godemo");
    private static final GoLedger.Options SHORT = GoLedger.Options.defaults().benchtime("100ms");

    @BeforeEach
    void needsGo() {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command (apt-get install golang-go); skipped");
    }

    private static LedgerSite site(Ledger ledger, String method, int line) {
        return ledger.sites().stream().filter(s -> s.method().equals(method) && s.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no site " + method + ":" + line + " in " + ledger.sites()));
    }

    @Test
    void theDemosSitesCarryTheCompilersVerdictsAndWords() throws IOException {
        List<String> before = files(DEMO);
        Ledger.Run run = GoLedger.run(DEMO, SHORT);
        Ledger ledger = run.ledger();
        assertEquals(before, files(DEMO), "nothing is written into the package's folder");
        assertEquals(Ledger.Language.GO, ledger.language());
        assertTrue(ledger.jdk().startsWith("go1."), ledger.jdk());
        assertEquals(4, ledger.notes().stream().filter(n -> n.startsWith("benchmark: Benchmark")).count(), ledger.notes().toString());
        // the four benchmarks' own lines are the top four sites, every run
        assertEquals(List.of("BenchmarkPair:31", "Fill:31", "Grow:20", "NewPoint:12"),
                ledger.sites().stream().limit(4).map(s -> s.method() + ":" + s.line()).sorted().toList());
        assertTrue(ledger.sites().stream().limit(4).mapToDouble(LedgerSite::share).sum() > 0.9);

        LedgerSite point = site(ledger, "NewPoint", 12);
        assertEquals(Verdict.KEPT, point.verdict());
        assertEquals("alloc.go", point.file());
        assertTrue(point.reason().endsWith("alloc.go:12:2: moved to heap: p"), point.reason());
        assertTrue(point.reason().contains("alloc.go:12:2:   flow: ~r0 ← &p:"), point.reason());

        LedgerSite grow = site(ledger, "Grow", 20);
        assertEquals(Verdict.KEPT, grow.verdict());
        assertTrue(grow.reason().startsWith("inlined into ledgerdemo.BenchmarkGrow at alloc_test.go:19:"), grow.reason());
        assertTrue(grow.reason().endsWith("alloc_test.go:19:14: append escapes to heap"), grow.reason());

        LedgerSite fill = site(ledger, "Fill", 31);
        assertEquals(Verdict.NO_SITE, fill.verdict());
        assertTrue(fill.reason().startsWith("no heap finding of the compiler on this line"), fill.reason());

        assertEquals(Verdict.KEPT, site(ledger, "BenchmarkPair", 31).verdict());
        assertFalse(run.stacks().isEmpty());
        assertEquals(ledger.totalBytes(), run.stacks().stream().mapToLong(Ledger.FlameStack::bytes).sum());
    }

    @Test
    void encodingJsonsLinesAreJudgedByTheStandardLibrarysOwnFindings() {
        Ledger ledger = GoLedger.run(Path.of("examples/ledger/gojson"), SHORT).ledger();
        assertTrue(ledger.notes().stream().anyMatch(n -> n.startsWith("compiler findings:") && n.contains("encoding/json")), ledger.notes().toString());
        List<LedgerSite> json = ledger.sites().stream().filter(s -> s.className().equals("encoding/json")).toList();
        assertTrue(json.stream().mapToDouble(LedgerSite::share).sum() > 0.3, json.toString());
        LedgerSite marshal = site(ledger, "Marshal", json.stream().filter(s -> s.method().equals("Marshal")).findFirst().orElseThrow().line());
        assertEquals(Verdict.KEPT, marshal.verdict());
        assertTrue(marshal.file().endsWith("/encoding/json/encode.go"), marshal.file());
        assertTrue(marshal.reason().contains("/encoding/json/encode.go:" + marshal.line() + ":"), marshal.reason());
        // reflect's growslice is the runtime's, lent to reflect under its name
        LedgerSite grow = ledger.sites().stream().filter(s -> s.method().equals("growslice")).findFirst().orElseThrow();
        assertEquals(Verdict.NO_SITE, grow.verdict());
        assertTrue(grow.reason().startsWith("allocated inside the Go runtime, in reflect.growslice (runtime/slice.go:"), grow.reason());
    }

    @Test
    void aCompileErrorNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        module(dir, "package bad\n\nfunc F() int {\n\treturn undefinedName\n}\n");
        LabException e = assertThrows(LabException.class, () -> GoLedger.run(dir, SHORT));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.go") + ":4:9: undefined: undefinedName"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the package or its tests do not compile; fix the source and run again"), e.getMessage());
    }

    @Test
    void aPanickingBenchmarkNamesItsLine(@TempDir Path dir) throws IOException {
        module(dir, "package bad\n\nfunc F(xs []int, i int) int {\n\treturn xs[i]\n}\n");
        LabException e = assertThrows(LabException.class, () -> GoLedger.run(dir, SHORT));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.go") + ":4: BenchmarkF panicked: runtime error: index out of range [3] with length 3"),
                e.getMessage());
    }

    @Test
    void aBenchRegexpMatchingNothingIsAnInputError(@TempDir Path dir) throws IOException {
        module(dir, "package bad\n\nfunc F(xs []int, i int) int {\n\treturn xs[i%3]\n}\n");
        LabException e = assertThrows(LabException.class, () -> GoLedger.run(dir, SHORT.bench("Nothing")));
        assertEquals(dir + ": no benchmark matches -bench 'Nothing'; the package's benchmarks: BenchmarkF", e.getMessage());
    }

    private static void module(Path dir, String source) throws IOException {
        Files.writeString(dir.resolve("go.mod"), "module bad\n\ngo 1.21\n");
        Files.writeString(dir.resolve("bad.go"), source);
        Files.writeString(dir.resolve("bad_test.go"), "package bad\n\nimport \"testing\"\n\nfunc BenchmarkF(b *testing.B) {\n"
                + "\txs := []int{1, 2, 3}\n\tfor i := 0; i < b.N; i++ {\n\t\t_ = F(xs, i)\n\t}\n}\n");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(Path::toString).sorted().toList();
        }
    }
}
