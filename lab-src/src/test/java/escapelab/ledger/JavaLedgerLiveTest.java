package escapelab.ledger;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.Jdk;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Status;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real runs of small programs in a forked JVM, with JFR and the compilation log. */
@Tag("live")
class JavaLedgerLiveTest {
    /** One site C2 scalar-replaces after inlining (Point in local), one that escapes to a static (the long[] in keep). */
    private static final String PROGRAM = """
            public class Churn {
                static Object sink;
                record Point(int x, int y) { int sum() { return x + y; } }
                static int local(int i) { Point p = new Point(i, i + 1); return p.sum(); }
                static void keep(int i) { sink = new long[8 + (i & 7)]; }
                public static void main(String[] args) {
                    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
                    long s = 0;
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < 1000; i++) { s += local(i); keep(i); }
                    }
                    if (args.length > 1) throw new IllegalStateException(args[1]);
                    System.out.println(s);
                }
            }
            """;

    @TempDir
    Path dir;

    private Ledger.Run run(JavaLedger.Options options) throws Exception {
        Path f = dir.resolve("Churn.java");
        Files.writeString(f, PROGRAM);
        return JavaLedger.run(f, options);
    }

    private static LedgerSite site(Ledger l, String method) {
        return l.sites().stream().filter(s -> s.className().equals("Churn") && s.method().equals(method)).findFirst().orElse(null);
    }

    @Test
    void theEscapingSiteIsKeptWithMostBytesAndTheLocalOneIsEliminatedOrAbsent() throws Exception {
        Ledger l = run(JavaLedger.Options.defaults().args(List.of("3000"))).ledger();
        assertEquals(Status.COMPLETE, l.status(), l.statusDetail());
        LedgerSite kept = site(l, "keep");
        assertNotNull(kept, "no site in Churn.keep: " + l.sites());
        assertEquals(l.sites().get(0), kept, "the long[] stored to a static has most bytes");
        assertEquals("long[]", kept.type());
        assertEquals(5, kept.line());
        assertEquals("Churn.java", kept.file());
        assertEquals(Verdict.KEPT, kept.verdict(), kept.reason());
        assertEquals("GlobalEscape", kept.escapeState());
        assertTrue(kept.reason().contains("Churn.sink"), kept.reason());
        assertTrue(kept.share() > 0.5, "share " + kept.share());
        assertEquals("keep", kept.stacks().get(0).frames().get(0).method());
        assertEquals("main", kept.stacks().get(0).frames().get(1).method());
        LedgerSite local = site(l, "local");
        if (local != null) {
            assertEquals(Verdict.ELIMINATED_ELSEWHERE, local.verdict(), local.reason());
            assertEquals("NoEscape", local.escapeState());
        }
        assertTrue(l.totalBytes() >= l.sites().stream().mapToLong(LedgerSite::bytes).sum());
    }

    /** Every JDK on this machine (17, 21 and 25 here): the same two verdicts. */
    @Test
    void everyJdkFoundKeepsTheEscapingSite() throws Exception {
        for (Jdk jdk : Lab.jdks()) {
            Ledger l = run(JavaLedger.Options.defaults().jdk(jdk).args(List.of("2000"))).ledger();
            LedgerSite kept = site(l, "keep");
            assertNotNull(kept, jdk.label() + ": " + l.sites());
            assertEquals(Verdict.KEPT, kept.verdict(), jdk.label() + ": " + kept.reason());
            assertEquals("GlobalEscape", kept.escapeState(), jdk.label());
            LedgerSite local = site(l, "local");
            assertTrue(local == null || local.verdict() == Verdict.ELIMINATED_ELSEWHERE, jdk.label() + ": " + local);
        }
    }

    @Test
    void aJvmFlagTheJdkDoesNotKnowIsAnInputError() throws Exception {
        LabException e = assertThrows(LabException.class,
                () -> run(JavaLedger.Options.defaults().args(List.of("10")).jvmArgs(List.of("-XX:+NoSuchFlag"))));
        assertTrue(e.getMessage().contains("Unrecognized VM option 'NoSuchFlag'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aProgramThatThrowsFailsWithTheExceptionLineAndTheLedgerOfWhatRan() throws Exception {
        Ledger l = run(JavaLedger.Options.defaults().args(List.of("1500", "done"))).ledger();
        assertEquals(Status.FAILED, l.status());
        assertTrue(l.statusDetail().startsWith("Exception in thread \"main\" java.lang.IllegalStateException: done at Churn.main(Churn.java:12)"),
                l.statusDetail());
        assertNotNull(site(l, "keep"));
    }

    @Test
    void secondsMeasureAWindowAfterTheWarmUpAndStopTheProgram() throws Exception {
        long start = System.nanoTime();
        Ledger l = run(JavaLedger.Options.defaults().args(List.of("600000")).seconds(2).warmUp(Duration.ofSeconds(1))).ledger();
        double took = (System.nanoTime() - start) / 1e9;
        assertEquals(Status.STOPPED, l.status(), l.statusDetail());
        assertTrue(l.statusDetail().contains("--seconds"), l.statusDetail());
        assertTrue(l.seconds() >= 1.5 && l.seconds() < 4, "window " + l.seconds());
        assertTrue(took < 30, "took " + took + " s");
        assertEquals(Verdict.KEPT, site(l, "keep").verdict());
        assertFalse(l.notes().stream().anyMatch(n -> n.contains("no JFR recording")), l.notes().toString());
    }

    /** Runtime.halt ends the JVM without its shutdown hooks, JFR's dump among them: the ledger reads JFR's repository. */
    @Test
    void aJvmThatEndsWithoutItsDumpStillHasTheSamplesJfrWroteAsItRan() throws Exception {
        Path f = dir.resolve("Halts.java");
        Files.writeString(f, """
                public class Halts {
                    static Object sink;
                    public static void main(String[] args) {
                        long end = System.nanoTime() + 3_000_000_000L;
                        while (System.nanoTime() < end) { sink = new long[16]; }
                        Runtime.getRuntime().halt(0);
                    }
                }
                """);
        Ledger l = JavaLedger.run(f, JavaLedger.Options.defaults()).ledger();
        assertTrue(l.notes().stream().anyMatch(n -> n.startsWith("the JVM ended before it wrote its recording; the samples are those of")),
                l.notes().toString());
        assertTrue(l.sites().stream().anyMatch(s -> s.className().equals("Halts") && s.method().equals("main")), l.notes() + "\n" + l.sites());
    }

    /** A program that writes through address 0 kills its JVM: the ledger says what the crash report says, and keeps it. */
    @Test
    void aCrashedJvmIsCrashedWithTheReportsHeadlineAndTheReportKept() throws Exception {
        Path f = dir.resolve("Crash.java");
        Files.writeString(f, """
                public class Crash {
                    public static void main(String[] args) throws Exception {
                        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                        f.setAccessible(true);
                        for (int i = 0; i < 100_000; i++) { Churn.sink = new long[8]; }
                        ((sun.misc.Unsafe) f.get(null)).putAddress(0, 42);
                    }
                }
                class Churn { static Object sink; }
                """);
        Path keep = dir.resolve("kept");
        Ledger l = JavaLedger.run(f, JavaLedger.Options.defaults().keep(keep)
                .jvmArgs(List.of("-XX:-CreateCoredumpOnCrash"))).ledger();
        assertEquals(Status.CRASHED, l.status(), l.statusDetail());
        assertTrue(l.statusDetail().contains("SIGSEGV"), l.statusDetail());
        assertTrue(l.statusDetail().contains(keep.resolve("hs_err_pid").toString()), l.statusDetail());
        List<String> kept;
        try (var files = Files.list(keep)) {
            kept = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid")).sorted().toList();
        }
        assertEquals(2, kept.size(), "the crash report and JFR's emergency recording kept in " + keep + ": " + kept);
        // No recording was dumped at exit: the samples come from the emergency dump.
        assertTrue(l.notes().stream().anyMatch(n -> n.startsWith("the JVM crashed before it wrote its recording; the samples are"
                + " those of JFR's emergency dump, hs_err_pid")), l.notes().toString());
        assertTrue(l.sites().stream().anyMatch(s -> s.className().equals("Crash") && s.method().equals("main")), l.sites().toString());
        assertTrue(kept.get(0).endsWith(".jfr") && kept.get(1).endsWith(".log"), kept.toString());
        // JFR writes its emergency recording in the working directory: none may be left in the user's.
        assertFalse(Files.exists(Path.of(kept.get(0)).toAbsolutePath()), "left in the working directory: " + kept.get(0));
    }
}
