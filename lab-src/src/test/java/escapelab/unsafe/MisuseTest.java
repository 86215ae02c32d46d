package escapelab.unsafe;

import escapelab.golang.Checkptr;
import escapelab.golang.GoTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every misuse scenario, live: what each build or JVM really does, and that nothing is left behind. */
@Tag("live")
class MisuseTest {
    @Test
    void checkptrCatchesWhatItChecksAndAPlainBuildNothing() {
        var go = GoTool.find();
        Assumptions.assumeTrue(go.isPresent(), "no go command (apt-get install golang-go); skipped");
        Checkptr.Builds b = Checkptr.build(go.get());
        for (String s : List.of("arith", "straddle", "misaligned")) {
            assertFalse(Checkptr.run(b, s, "plain").caught(), s + " plain");
        }
        Checkptr.Run arith = Checkptr.run(b, "arith", "checkptr");
        assertEquals("checkptr: pointer arithmetic result points to invalid allocation", arith.fatal());
        assertEquals(2, arith.exitCode());
        assertEquals("checkptr: converted pointer straddles multiple allocations", Checkptr.run(b, "straddle", "race").fatal());
        Checkptr.Run misaligned = Checkptr.run(b, "misaligned", "checkptr");
        assertEquals("checkptr: misaligned pointer conversion", misaligned.fatal());
        String line = Checkptr.program().toFile().exists() ? readLine(Checkptr.program(), misaligned.line()) : "";
        assertTrue(line.contains("(*WithPointer)(unsafe.Pointer(&buf[1]))"), "the line the traceback names: " + line);
        assertFalse(Checkptr.run(b, "article-misaligned-int", "checkptr").caught(), "no pointers in int64: not checked");
        assertTrue(Checkptr.run(b, "article-misaligned-pointer-type", "checkptr").caught());
        assertTrue(b.vet().stream().anyMatch(f -> f.message().equals("possible misuse of unsafe.Pointer")), b.vet().toString());
    }

    private static String readLine(Path p, int n) {
        try (Stream<String> lines = Files.lines(p)) {
            return lines.skip(n - 1).findFirst().orElse("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSmallUnsafeOverrunSilentlyCorruptsTheNeighbour() {
        JavaScenarios.Run r = JavaScenarios.run("unsafe-small-overrun");
        assertEquals("completed", r.outcome(), r.output());
        assertTrue(r.output().contains("before: second.a = 1111"), r.output());
        assertTrue(r.output().contains("after:  second.a = 4702111234474983745"), r.output());
    }

    @Test
    void aLargeOverrunCrashesTheJvmAndTheCrashIsAResult() throws Exception {
        long before = countTempDirs();
        JavaScenarios.Run r = JavaScenarios.run("unsafe-large-overrun");
        assertEquals("crashed", r.outcome(), r.output());
        assertTrue(r.crash().startsWith("SIGSEGV (0xb) at pc="), r.crash());
        assertTrue(r.crash().contains("Problematic frame:"), r.crash());
        assertEquals(before, countTempDirs(), "the scenario's folder, hs_err file included, is gone");
    }

    private static long countTempDirs() throws java.io.IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("escape-lab-unsafe-")).count();
        }
    }

    @Test
    void everyFfmMisuseThrowsItsOwnException() {
        assertTrue(JavaScenarios.run("ffm-out-of-bounds").output().contains("threw java.lang.IndexOutOfBoundsException"));
        assertTrue(JavaScenarios.run("ffm-misaligned").output().contains("threw java.lang.IllegalArgumentException"));
        assertTrue(JavaScenarios.run("ffm-use-after-close").output().contains("threw java.lang.IllegalStateException: Already closed"));
        assertTrue(JavaScenarios.run("ffm-other-thread").output().contains("threw java.lang.WrongThreadException"));
    }

    @Test
    void denyTurnsUnsafeMemoryAccessIntoAnException() {
        JavaScenarios.Run deny = JavaScenarios.run("memory-access", "--sun-misc-unsafe-memory-access=deny");
        assertEquals("threw", deny.outcome());
        assertTrue(deny.output().contains("UnsupportedOperationException"), deny.output());
        JavaScenarios.Run warn = JavaScenarios.run("memory-access", "--sun-misc-unsafe-memory-access=warn");
        assertTrue(warn.output().contains("WARNING: A terminally deprecated method in sun.misc.Unsafe has been called"), warn.output());
    }

    @Test
    void theModesAndTheSummaryKeepEachRowsOwnRunWhileTheirJvmsRunSideBySide() {
        List<List<String>> modes = Misuse.memoryAccessModes().rows();
        assertEquals(List.of("(no flag)", "allow", "warn", "debug", "deny"), modes.stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("completed", "completed", "completed", "completed", "threw"), modes.stream().map(r -> r.get(1)).toList());
        assertEquals("Unsafe.getLong read 1111", modes.get(1).get(2), modes.toString());
        assertTrue(modes.get(3).get(2).contains("objectFieldOffset called by LabMisuse"), modes.toString());

        // Each Java column is its own scenario's run: the crash is the far overrun's, each FFM misuse its own exception.
        List<List<String>> summary = Misuse.table().rows();
        assertEquals(List.of("past the end of an allocation", "far past it (64 GB)", "misaligned access", "use after free", "from another thread"),
                summary.stream().map(r -> r.get(0)).toList());
        if (GoTool.find().isPresent()) {
            // checkptr lets arithmetic into no allocation at all pass: the fault is the write's, not checkptr's.
            assertTrue(summary.get(0).get(2).startsWith("caught at run time: checkptr"), summary.get(0).toString());
            assertEquals("not checked; the access crashed: fatal error: fault", summary.get(1).get(2), summary.get(1).toString());
            assertEquals("not checked; the access crashed: fatal error: fault", summary.get(1).get(1), summary.get(1).toString());
        }
        List<String> unsafe = summary.stream().map(r -> r.get(3)).toList();
        assertTrue(unsafe.get(0).startsWith("never: ran on, after:") && unsafe.get(1).startsWith("JVM crashed: SIGSEGV")
                && unsafe.get(2).startsWith("never: ran on, read a long at an odd address") && unsafe.get(3).contains("freeMemory")
                && unsafe.get(4).contains("another thread wrote"), unsafe.toString());
        assertEquals(List.of("java.lang.IndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException", "java.lang.IllegalArgumentException",
                        "java.lang.IllegalStateException", "java.lang.WrongThreadException"),
                summary.stream().map(r -> r.get(4).replace("caught at run time: ", "")).toList());
    }
}
