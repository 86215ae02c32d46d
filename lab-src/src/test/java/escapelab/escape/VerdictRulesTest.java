package escapelab.escape;

import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.jvm.SourceCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict rules without a child JVM: Shapes.java compiled in memory, joined with the
 * compilation logs JDK 25 and JDK 17 wrote when they ran it (test resources beside the log tests).
 */
class VerdictRulesTest {
    private static final String SOURCE = CompilationLogTest.recorded("Shapes.java");
    private static JdkCode jdk;

    @BeforeAll
    static void openJdk() {
        jdk = JdkCode.of(Path.of(System.getProperty("java.home")));
    }

    @AfterAll
    static void closeJdk() {
        jdk.close();
    }

    private static List<Finding> verdicts(String log, int release, Status status) {
        return verdicts(CompilationLog.read(new java.io.ByteArrayInputStream(log.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                release, status);
    }

    private static final Map<Integer, ProgramCode> PROGRAMS = new java.util.HashMap<>();

    /** javac takes a tenth of a second: Shapes is compiled once for each release. */
    private static ProgramCode program(int release) {
        return PROGRAMS.computeIfAbsent(release, r -> new ProgramCode(SourceCompiler.compile(
                List.of(new SourceCompiler.Source("Shapes.java", SOURCE)), r, List.of()), Map.of("Shapes.java", SOURCE)));
    }

    private static List<Finding> verdicts(CompilationLog log, int release, Status status) {
        return new VerdictRules(program(release), log, Map.of(), Map.of(), status, jdk).all();
    }

    /** The finding of the allocation of {@code type} in {@code method}; the first if several. */
    private static Finding site(List<Finding> all, String method, String what) {
        return all.stream().filter(f -> f.site().method().name().equals(method) && f.site().what().equals(what)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " in " + method + ": "
                        + all.stream().map(f -> f.site().method().name() + " " + f.site().what()).toList()));
    }

    @Test
    void jdk25ScalarReplacesWhatStaysLocalAndKeepsWhatIsStored() {
        List<Finding> all = verdicts(CompilationLogTest.recorded("shapes-jdk25.xml"), 25, Status.COMPLETE);
        Finding local = site(all, "local", "new Point");
        assertEquals(Verdict.ELIMINATED, local.verdict());
        assertEquals(EscapeState.NO_ESCAPE, local.escapeState());
        Finding global = site(all, "global", "new Point");
        assertEquals(Verdict.KEPT, global.verdict());
        assertEquals(EscapeState.GLOBAL_ESCAPE, global.escapeState());
        assertTrue(global.reasons().get(0).contains("sink"), global.reasons().toString());
        assertEquals(Verdict.ELIMINATED, site(all, "inner", "new Point").verdict(), "inlined into outer through middle");
        assertEquals(Verdict.ELIMINATED, site(all, "locked", "new Object").verdict());
        assertEquals(Verdict.ELIMINATED, site(all, "locked", "synchronized").verdict());
        assertTrue(all.stream().filter(f -> f.site().method().name().equals("merged"))
                .allMatch(f -> f.verdict() == Verdict.ELIMINATED), "JDK 25 reduces the merge");
    }

    /**
     * A guard's trap at the site's bci leaves the instruction compiled: the arraycopy intrinsic gives its guards'
     * traps the allocation's bci. A JVMCI build (Temurin's, Debian's) names three guards differently
     * (deoptimization.cpp, _trap_reason_name); a trap such as "unloaded" replaces the instruction.
     */
    @Test
    void aGuardsTrapAtTheSiteLeavesItCompiledUnderEitherName() {
        String full = CompilationLogTest.recorded("shapes-jdk25.xml");
        String parse = "<parse method='1387' uses='5376.000000' stamp='0.098'>"; // C2's parse of local()
        assertTrue(full.contains(parse));
        for (String reason : List.of("intrinsic", "intrinsic_or_type_checked_inlining", "null_assert_or_unreached0",
                "bimorphic_or_optimized_type_check")) {
            String log = full.replace(parse, parse + "\n<uncommon_trap bci='0' reason='" + reason + "' action='none' debug_id='0'/>");
            assertEquals(Verdict.ELIMINATED, site(verdicts(log, 25, Status.COMPLETE), "local", "new Point").verdict(), reason);
        }
        String unloaded = full.replace(parse, parse + "\n<uncommon_trap bci='0' reason='unloaded' action='reinterpret' debug_id='0'/>");
        assertEquals(Verdict.NOT_COMPILED, site(verdicts(unloaded, 25, Status.COMPLETE), "local", "new Point").verdict());
    }

    @Test
    void jdk17KeepsTheMergedAllocations() {
        List<Finding> all = verdicts(CompilationLogTest.recorded("shapes-jdk17.xml"), 17, Status.COMPLETE);
        List<Finding> merged = all.stream().filter(f -> f.site().method().name().equals("merged")).toList();
        assertEquals(2, merged.size());
        merged.forEach(f -> assertEquals(Verdict.KEPT, f.verdict(), f.reasons().toString()));
        assertEquals(Verdict.ELIMINATED, site(all, "local", "new Point").verdict());
    }

    @Test
    void withoutALogEverySiteIsNotCompiledWithAReason() {
        List<Finding> all = verdicts("", 25, Status.EXITED);
        assertFalse(all.isEmpty());
        for (Finding f : all) {
            assertEquals(Verdict.NOT_COMPILED, f.verdict());
            assertFalse(f.reasons().isEmpty(), f.site().position());
        }
    }

    @Test
    void cutAndShuffledLogsGiveAVerdictForEverySite() {
        String full = CompilationLogTest.recorded("shapes-jdk25.xml");
        int sites = verdicts(full, 25, Status.COMPLETE).size();
        int end = full.indexOf("<hotspot_log_done");
        for (int cut = 0; cut < end; cut += end / 40 + 1) {
            CompilationLog log = CompilationLog.read(new java.io.ByteArrayInputStream(full.substring(0, cut).getBytes()));
            assertFalse(log.complete());
            check(verdicts(log, 25, Status.CRASHED), sites, "cut at " + cut);
        }
        List<String> lines = full.lines().toList();
        for (long seed = 0; seed < 10; seed++) {
            List<String> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled.subList(2, shuffled.size() - 1), new Random(seed));
            check(verdicts(String.join("\n", shuffled), 25, Status.COMPLETE), sites, "shuffle " + seed);
        }
    }

    private static void check(List<Finding> all, int sites, String what) {
        assertEquals(sites, all.size(), what);
        for (Finding f : all) {
            assertNotNull(f.verdict(), what);
            assertNotNull(f.escapeState(), what);
            assertFalse(f.verdict() != Verdict.ELIMINATED && f.reasons().isEmpty(), what + ": " + f.site().position() + " has no reason");
        }
    }
}
