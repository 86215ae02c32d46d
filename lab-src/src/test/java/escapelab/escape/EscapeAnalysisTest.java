package escapelab.escape;

import escapelab.LabException;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.jvm.Jdk;
import escapelab.jvm.JdkFinder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine on small programs, and on programs that fail in every way a learner's can. */
class EscapeAnalysisTest {
    private static EscapeReport analyze(String name, String source, Duration limit) {
        return EscapeAnalysis.analyze(name + ".java", source, EscapeAnalysis.Options.defaults().timeLimit(limit));
    }

    private static Finding at(EscapeReport r, int line) {
        return r.sites().stream().filter(v -> v.site().line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no site on line " + line + ":\n" + EscapeText.text(r, true)));
    }

    @Test
    @Tag("live")
    void eliminatedMeansZeroBytesAndKeptMeansTheObjectsSize() {
        EscapeReport r = analyze("Pair", """
                public class Pair {
                    static Object sink;
                    static int seed = 7;
                    static int local() {
                        int[] p = new int[] {seed, seed + 1};
                        return p[0] + p[1];
                    }
                    static int stored() {
                        Object o = new Object();
                        sink = o;
                        return 1;
                    }
                }
                """, Duration.ofSeconds(30));
        Finding local = at(r, 5);
        assertEquals(Verdict.ELIMINATED, local.verdict(), EscapeText.text(r, true));
        assertEquals("Pair.java:5:19", local.site().position());
        assertEquals(0.0, local.bytesPerCall().bytes());
        Finding stored = at(r, 9);
        assertEquals(Verdict.KEPT, stored.verdict());
        assertEquals("stored to static field Pair.sink (line 10)", stored.reasons().get(0));
        assertEquals(16.0, stored.bytesPerCall().bytes(), "a plain Object is 16 bytes with a 12-byte header");
    }

    /**
     * Shrunk from EscapePropertyTest's programs (seeds 21, 23; 15, 32). An array whose only uses are
     * comparisons with a static, one before and one after a store to it, is kept: it said "reason unknown".
     * A box from Integer's cache stored to a static is kept, yet its method allocates 0 B per call: the
     * message did not say why.
     */
    @Test
    @Tag("live")
    void aKeptComparisonAndACachedBoxSayWhy() {
        EscapeReport r = analyze("Shrunk", """
                public class Shrunk {
                    static int seed = 7;
                    static Object sink;
                    record Point(int x, int y) {}
                    static int compared() {
                        int acc = seed;
                        Object[] a = new Object[4];
                        acc += (a == sink ? 1 : 0);
                        Point p = new Point(seed, 8);
                        sink = p;
                        acc += (a == sink ? 1 : 0);
                        return acc;
                    }
                    static int cachedBox() {
                        Integer v = Integer.valueOf(seed);
                        sink = v;
                        return seed;
                    }
                }
                """, Duration.ofSeconds(30));
        String shown = EscapeText.text(r, true);
        Finding compared = at(r, 7);
        assertEquals(Verdict.KEPT, compared.verdict(), shown);
        assertEquals(EscapeReport.EscapeState.NO_ESCAPE, compared.escapeState(), shown);
        assertTrue(compared.reasons().get(0).startsWith("compared with another reference (line 8)"), shown);
        Finding box = at(r, 15);
        assertEquals(Verdict.KEPT, box.verdict(), shown);
        assertEquals(0.0, box.bytesPerCall().bytes(), shown);
        assertTrue(box.message().contains("yet Shrunk.cachedBox allocates 0 B per call"), shown);
    }

    @Test
    @Tag("live")
    void aMethodTooBigToCompileAndAnInterpreterOnlyRunSayWhyNothingWasCompiled() {
        // Over 8000 bytes of bytecode: each line below is about 10 (iload_0 twice, ldc, ixor, iconst_3, iushr, iadd, istore_0).
        StringBuilder huge = new StringBuilder("public class Huge {\n    static Object sink;\n    static int big() {\n"
                + "        sink = new int[4];\n        int x = 0;\n");
        for (int i = 0; i < 1000; i++) {
            huge.append("        x += (x ^ ").append(100_000 + i).append(") >>> 3;\n");
        }
        huge.append("        return x;\n    }\n}\n");
        EscapeReport r = analyze("Huge", huge.toString(), Duration.ofSeconds(60));
        assertTrue(at(r, 4).reasons().get(0).startsWith("its method has ") && at(r, 4).reasons().get(0).endsWith(
                " bytes of bytecode, and HotSpot compiles no method over 8000 (DontCompileHugeMethods, HugeMethodLimit)"),
                EscapeText.text(r, true));
        EscapeReport interpreted = EscapeAnalysis.analyze("Small.java", """
                public class Small {
                    static Object sink;
                    static void f() { sink = new int[4]; }
                }
                """, EscapeAnalysis.Options.defaults().jvmArgs(List.of("-Xint")));
        assertEquals("the JVM compiles nothing (UseCompiler is false, as with -Xint)", at(interpreted, 3).reasons().get(0),
                EscapeText.text(interpreted, true));
    }

    @Test
    @Tag("live")
    void anInstanceMainAndACompactSourceFileRunAsJdk25LaunchesThem() {
        // JEP 512: an instance main() runs on a new instance; a file without a class declares one implicitly.
        EscapeReport instance = analyze("Inst", """
                public class Inst {
                    Object last;
                    void main() { for (int i = 0; i < 300_000; i++) { last = new int[i & 7]; } System.out.println("instance main ran"); }
                }
                """, Duration.ofSeconds(60));
        assertEquals(EscapeReport.Status.COMPLETE, instance.status(), EscapeText.text(instance, true));
        assertTrue(instance.programOutput().contains("instance main ran"), instance.programOutput());
        EscapeReport compact = analyze("Compact", """
                void main() {
                    System.out.println("compact main ran");
                }
                """, Duration.ofSeconds(60));
        assertEquals(EscapeReport.Status.COMPLETE, compact.status(), EscapeText.text(compact, true));
        assertTrue(compact.programOutput().contains("compact main ran"), compact.programOutput());
        // main(String[]) is the main; a static main() beside it is one more method to warm, and its
        // exception is that method's, not the program's end.
        EscapeReport both = analyze("Both", """
                public class Both {
                    public static void main(String[] args) { System.out.println("main(String[]) ran"); }
                    static void main() { throw new IllegalStateException("warmed, not launched"); }
                }
                """, Duration.ofSeconds(60));
        assertEquals(EscapeReport.Status.COMPLETE, both.status(), EscapeText.text(both, true));
        assertTrue(both.statusDetail().contains("Both.main threw java.lang.IllegalStateException: warmed, not launched"), both.statusDetail());
    }

    @Test
    @Tag("live")
    void aFlagThatEndsTheJvmAtOnceIsNamedNotBlamedOnTheProgram() {
        EscapeReport r = analyze("Versioned", """
                // jvm-args: -version
                public class Versioned {
                    static Object sink;
                    static void f() { sink = new int[4]; }
                }
                """, Duration.ofSeconds(60));
        assertEquals(EscapeReport.Status.EXITED, r.status(), EscapeText.text(r, true));
        assertTrue(r.statusDetail().startsWith("the JVM ended before the program ran (exit 0")
                && r.statusDetail().contains("one of its flags may have ended it (-version, --help): -version"), r.statusDetail());
    }

    @Test
    void aCompileErrorIsAnInputErrorWithJavacsMessage() {
        LabException e = assertThrows(LabException.class, () -> analyze("Broken", """
                public class Broken {
                    static int f() { return "no"; }
                }
                """, Duration.ofSeconds(30)));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("Broken.java:2:29: error: incompatible types: java.lang.String cannot be converted to int"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("1 error: fix the source and run again"), e.getMessage());
    }

    @Test
    @Tag("live")
    void aProgramThatNeverEndsIsStoppedAndItsPartialResultIsLabelled() {
        long start = System.nanoTime();
        EscapeReport r = analyze("Forever", """
                public class Forever {
                    static int seed = 1;
                    static int a() {
                        int[] p = new int[] {seed, seed};
                        return p[0] + p[1];
                    }
                    static int z() {
                        while (seed > 0) { Thread.onSpinWait(); }
                        return 0;
                    }
                }
                """, Duration.ofSeconds(4));
        assertEquals(EscapeReport.Status.TIMED_OUT, r.status());
        assertTrue(r.statusDetail().contains("stopped at the time limit of 4 s"), r.statusDetail());
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "stopped near the limit");
        assertEquals(Verdict.ELIMINATED, at(r, 4).verdict(), "a() was compiled before z() hung:\n" + EscapeText.text(r, true));
        assertTrue(EscapeText.text(r, false).contains("# timed-out: stopped at the time limit"));
    }

    @Test
    @Tag("live")
    void aMethodThatThrowsIsNamedAndTheOthersAreStillReported() {
        EscapeReport r = analyze("Thrower", """
                public class Thrower {
                    static int seed = 1;
                    static int fails() { throw new IllegalStateException("no " + seed); }
                    static int works() {
                        int[] p = new int[] {seed, seed};
                        return p[0];
                    }
                }
                """, Duration.ofSeconds(30));
        assertEquals(EscapeReport.Status.COMPLETE, r.status());
        assertTrue(r.statusDetail().contains("Thrower.fails threw java.lang.IllegalStateException: no 1"), r.statusDetail());
        assertEquals(Verdict.ELIMINATED, at(r, 5).verdict());
    }

    @Test
    @Tag("live")
    void whatTheProgramPrintsIsKeptFirstLinesFirstAndTheJvmsFlagsAreNot() {
        EscapeReport r = analyze("Talks", """
                // jvm-args: -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,Talks::quiet
                public class Talks {
                    static int seed = 1;
                    public static void main(String[] args) {
                        for (int i = 1; i <= 100; i++) {
                            System.out.println("line " + i);
                        }
                        System.err.println("on stderr");
                    }
                    static int quiet() { return seed; }
                }
                """, Duration.ofSeconds(30));
        assertTrue(r.programOutput().startsWith("line 1\nline 2\n"), r.programOutput());
        assertEquals(EscapeAnalysis.PRINTED_LINES, r.programOutput().lines().count());
        assertEquals(101 - EscapeAnalysis.PRINTED_LINES, r.programLinesCut(), "the lines after the first ones, stderr's included, are counted");
        EscapeReport silent = analyze("Silent", """
                // jvm-args: -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,Silent::f
                public class Silent {
                    static int seed = 1;
                    static int f() { return seed; }
                }
                """, Duration.ofSeconds(30));
        assertEquals("", silent.programOutput(), "the JVM's flags are not the program's output");
        assertEquals(0, silent.programLinesCut());
    }

    @Test
    @Tag("live")
    void aProgramThatReadsStandardInputFindsItsEnd() {
        // The driver's JVM gets the classes' names on its standard input; the program must still find it empty,
        // on every target (JDK 17's FileInputStream.readAllBytes fails on a pipe).
        List<Jdk> jdks = new ArrayList<>(List.of(Jdk.current()));
        for (int release : new int[] {17, 21}) {
            JdkFinder.fromEnvironment().release(release).ifPresent(jdks::add);
        }
        for (Jdk jdk : jdks) {
            EscapeReport r = EscapeAnalysis.analyze("Reader.java", """
                    // jvm-args: -XX:CompileCommand=quiet
                    public class Reader {
                        public static void main(String[] args) throws Exception {
                            System.out.println("read " + System.in.read() + ", " + System.in.available() + " left");
                        }
                    }
                    """, EscapeAnalysis.Options.defaults().jdk(jdk));
            assertEquals("read -1, 0 left\n", r.programOutput(), jdk.label());
            assertEquals(EscapeReport.Status.COMPLETE, r.status(), jdk.label() + ": " + r.statusDetail());
        }
    }

    @Test
    @Tag("live")
    void systemExitEndsTheRunAndIsSaid() {
        EscapeReport r = analyze("Quitter", """
                public class Quitter {
                    static void quit() { System.exit(3); }
                }
                """, Duration.ofSeconds(30));
        assertEquals(EscapeReport.Status.EXITED, r.status());
        assertTrue(r.statusDetail().contains("exit 3"), r.statusDetail());
    }

    @Test
    @Tag("live")
    void aCrashIsReportedWithTheSignalAndTheSitesCompiledBeforeIt() {
        EscapeReport r = analyze("Crasher", """
                import java.lang.reflect.Field;
                public class Crasher {
                    static int seed = 1;
                    static int a() {
                        int[] p = new int[] {seed, seed};
                        return p[0];
                    }
                    static void z() throws Exception {
                        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                        f.setAccessible(true);
                        ((sun.misc.Unsafe) f.get(null)).putLong(0L, 42L);
                    }
                }
                """, Duration.ofSeconds(30));
        assertEquals(EscapeReport.Status.CRASHED, r.status(), r.statusDetail());
        assertTrue(r.statusDetail().contains("SIG"), r.statusDetail());
        assertEquals(Verdict.ELIMINATED, at(r, 5).verdict(), EscapeText.text(r, true));
    }

    @Test
    @Tag("live")
    void aJvmFlagTheJvmRejectsIsAnInputError() {
        LabException e = assertThrows(LabException.class, () -> EscapeAnalysis.analyze("A.java", "class A {}",
                EscapeAnalysis.Options.defaults().jvmArgs(List.of("-XX:+NoSuchFlag"))));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("Unrecognized VM option 'NoSuchFlag'"), e.getMessage());
    }

    @Test
    @Tag("live")
    void anAllocationRemovedWithoutEscapeAnalysisIsNotCalledAllocatedWhenTheMeasurementSaysZero() {
        EscapeReport r = EscapeAnalysis.analyze("Dead.java", """
                public class Dead {
                    static int seed = 1;
                    static int a() {
                        int[] p = new int[] {seed, seed};
                        return p[0];
                    }
                }
                """, EscapeAnalysis.Options.defaults().jvmArgs(List.of("-XX:-DoEscapeAnalysis")));
        Finding v = at(r, 4);
        assertEquals(Verdict.KEPT, v.verdict(), "no eliminate_allocation without escape analysis");
        assertEquals(0.0, v.bytesPerCall().bytes());
        assertTrue(v.message().startsWith("new int[2] is not scalar-replaced (escape analysis is off (-XX:-DoEscapeAnalysis)),"
                + " yet Dead.a allocates 0 B per call"), v.message());
        assertEquals(EscapeReport.EscapeState.UNKNOWN, v.escapeState(), "escape analysis did not run");
    }

    @Test
    @Tag("live")
    void withEscapeAnalysisOffEverySiteIsKeptAndSaysWhy() {
        EscapeReport r = EscapeAnalysis.analyze("Off.java", """
                public class Off {
                    static int seed = 1;
                    static int a() {
                        int[] p = new int[] {seed, seed + 1};
                        return p[seed & 1];
                    }
                }
                """, EscapeAnalysis.Options.defaults().jvmArgs(List.of("-XX:-DoEscapeAnalysis")));
        Finding v = at(r, 4);
        assertEquals(Verdict.KEPT, v.verdict());
        assertEquals("escape analysis is off (-XX:-DoEscapeAnalysis)", v.reasons().get(0));
        assertNotNull(v.bytesPerCall());
        assertTrue(v.bytesPerCall().bytes() >= 24, "two ints in an array: 16-byte header + 8");
    }

    @Test
    @Tag("live")
    void eachAllocationOnALineIsPlacedWhereItIsWrittenAndAThrowOnTheHotPathIsCompiled() {
        EscapeReport r = analyze("Places", """
                public class Places {
                    record P(int x) {}
                    static int seed = 1;
                    static int a() {
                        P[] ps = {new P(seed), new P(2)};
                        return ps[0].x() + ps[1].x();
                    }
                    static int b() {
                        try {
                            if (seed > 0) throw new IllegalStateException();
                            return 0;
                        } catch (IllegalStateException e) {
                            return 1;
                        }
                    }
                }
                """, Duration.ofSeconds(30));
        List<String> line5 = r.sites().stream().filter(v -> v.site().line() == 5).map(v -> v.site().position()).toList();
        assertEquals(List.of("Places.java:5:18", "Places.java:5:19", "Places.java:5:32"), line5, "the array at its brace, each P at its new");
        Finding thrown = at(r, 10);
        assertEquals(Verdict.KEPT, thrown.verdict(), "the branch that always ran is compiled, not pruned: " + EscapeText.text(r, true));
        assertEquals(EscapeReport.EscapeState.GLOBAL_ESCAPE, thrown.escapeState(), thrown.reasons().toString());
        assertTrue(thrown.reasons().stream().anyMatch(reason -> reason.startsWith("thrown (line 10) to a handler in the same method")), thrown.reasons().toString());
        assertTrue(thrown.reasons().get(0).contains("Throwable.<init> stores it to field Throwable.cause (line "),
                "the constructor chain, read from the JDK's own bytecode: " + thrown.reasons());
    }

    @Test
    @Tag("live")
    void theLogExcerptShowsEachRecordWithTheDeclarationsItsIdsReferTo() {
        EscapeReport r = analyze("Excerpt", """
                public class Excerpt {
                    static int seed = 1;
                    static int a() {
                        int[] p = new int[] {seed, seed + 1};
                        return p[0] + p[1];
                    }
                }
                """, Duration.ofSeconds(30));
        String log = r.logExcerpt();
        assertTrue(log.startsWith("<task compile_id="), log);
        assertTrue(log.matches("(?s).*<method id='(\\d+)' holder='\\d+' name='a'.*<eliminate_allocation type='\\d+'>\n  <jvms bci='\\d+' method='\\1'/>.*"), log);
        assertTrue(log.contains("<type id=") || log.contains("<klass id="), log);
    }

    @Test
    @Tag("live")
    void anAnonymousClassIsNamedByWhatItImplementsAndAnUnwarmedMethodSaysHowToReachIt() {
        EscapeReport r = analyze("Anon", """
                public class Anon {
                    static int seed = 1;
                    static int run() {
                        Runnable r = new Runnable() { public void run() { seed++; } };
                        r.run();
                        return seed;
                    }
                    int notWarmed() { return new Object().hashCode(); }
                }
                """, Duration.ofSeconds(30));
        assertEquals("new Runnable() {...}", at(r, 4).site().what());
        Finding cold = at(r, 8);
        assertEquals(Verdict.NOT_COMPILED, cold.verdict());
        assertTrue(cold.reasons().get(0).contains("the lab warms static methods without arguments"), cold.reasons().toString());
    }
}
