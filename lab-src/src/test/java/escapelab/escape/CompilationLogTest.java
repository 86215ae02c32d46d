package escapelab.escape;

import escapelab.escape.CompilationLog.Dispatch;
import org.junit.jupiter.api.Test;

import escapelab.escape.CompilationLog.Frame;
import escapelab.escape.CompilationLog.Task;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compilation log parser on records cut from real logs, without starting a JVM. The files in
 * src/test/resources/escapelab/escape/logs were written by {@code java -Xbatch -XX:+UnlockDiagnosticVMOptions
 * -XX:+LogCompilation} running Shapes.java and Late.java (beside them) on Temurin 25.0.3 and OpenJDK 17,
 * cut down to the C2 tasks of the program's own methods, the deoptimisations, and the log's frame.
 */
class CompilationLogTest {
    static CompilationLog read(String xml) {
        return CompilationLog.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String recorded(String name) {
        try (InputStream in = CompilationLogTest.class.getResourceAsStream("logs/" + name)) {
            assertNotNull(in, "test resource logs/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Task task(CompilationLog log, String method) {
        return log.tasks().stream().filter(t -> !t.osr() && t.root().name().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no C2 task of " + method + " in " + log.tasks()));
    }

    private static List<String> chain(List<Frame> frames) {
        return frames.stream().map(f -> f.method().name() + "@" + f.bci()).toList();
    }

    /** A C2 task as the compiler thread's log writes it (no level attribute), with a call C2 bound but did not inline. */
    private static final String C2_TASK = """
            <task compile_id='14' method='Q argEscape (I)I' bytes='38' count='5376' iicount='5376' stamp='0.086'>
            <phase name='parse' nodes='3' live='3' stamp='0.086'>
            <type id='1210' name='int'/>
            <klass id='1386' name='Q' flags='1'/>
            <method id='1387' holder='1386' name='argEscape' return='1210' arguments='1210' flags='8' bytes='38' iicount='5376'/>
            <klass id='1389' name='Q$Box' flags='24'/>
            <parse method='1387' uses='5376.000000' stamp='0.086'>
            <bc code='184' bci='34'/>
            <method id='1391' holder='1386' name='use' return='1210' arguments='1389' flags='8' bytes='7' iicount='1280'/>
            <call method='1391' count='5119' prof_factor='1.000000' inline='1'/>
            <inline_fail reason='disallowed by CompileCommand'/>
            <direct_call bci='34'/>
            <bc code='184' bci='36'/>
            <klass id='1223' name='java.lang.System' flags='17'/>
            <klass id='1217' name='java.lang.Object' flags='1'/>
            <method id='1392' holder='1223' name='identityHashCode' return='1210' arguments='1217' flags='265' bytes='0' iicount='1'/>
            <call method='1392' count='5119' prof_factor='1.000000' inline='1'/>
            <intrinsic id='_identityHashCode' nodes='40'/>
            <parse_done stamp='0.086'/>
            </parse>
            </phase>
            <eliminate_lock compile_id='14' lock_id='98' class='lock' kind='NonEscObj' box_id='96' obj_id='43' bad_id='-1' stamp='0.086'>
            <jvms bci='12' method='1387'/>
            </eliminate_lock>
            <task_done success='1' nmsize='320' count='5376' stamp='0.087'/>
            </task>
            """;

    @Test
    void readsCallDispatchIntrinsicsAndLockKinds() {
        CompilationLog log = read("<hotspot_log>" + C2_TASK + "<hotspot_log_done stamp='1'/></hotspot_log>");
        assertEquals(1, log.tasks().size());
        var calls = log.tasks().get(0).tree().calls;
        assertEquals(Dispatch.DIRECT, calls.get(0).dispatch());
        assertEquals("disallowed by CompileCommand", calls.get(0).reason());
        assertEquals(Dispatch.INTRINSIC, calls.get(1).dispatch());
        assertTrue(calls.get(1).calleeIsNative(), "flags 265 = public static native");
        assertEquals("NonEscObj", log.tasks().get(0).eliminatedLocks().get(0).kind());
        assertTrue(log.complete());
    }

    @Test
    void aTaskInstalledByC1IsNotReadAsC2s() {
        String c1 = C2_TASK.replace("compile_id='14'", "compile_id='3'");
        CompilationLog log = read("<hotspot_log><nmethod compile_id='3' compiler='c1' level='1'/>"
                + "<nmethod compile_id='14' compiler='c2' level='4'/>" + c1 + C2_TASK + "</hotspot_log>");
        assertEquals(1, log.tasks().size(), "-XX:TieredStopAtLevel=1 writes C1's tasks without a level attribute");
        assertEquals(14, log.tasks().get(0).compileId());
    }

    @Test
    void aBranchWithoutProbabilityAndALogCutShortAreNoErrors() {
        String cut = C2_TASK.replace("<bc code='184' bci='34'/>", "<bc code='153' bci='20'/><branch target_bci='30'/>"
                + "<uncommon_trap bci='20' reason='unstable_if' action='reinterpret'/><bc code='184' bci='34'/>");
        CompilationLog log = read("<hotspot_log>" + cut.substring(0, cut.indexOf("<eliminate_lock")));
        assertEquals(0, log.tasks().size(), "the task was not finished when the log ended");
        assertTrue(!log.complete());
    }

    @Test
    void codeReplacedByANewerCompilationIsNotCalledDeoptimised() {
        CompilationLog log = read("<hotspot_log>"
                + "<make_not_entrant thread='1' reason='not used' compile_id='14' compiler='c2' level='4' stamp='1'/>"
                + "<uncommon_trap thread='1' reason='unstable_if' action='reinterpret' compile_id='15' compiler='c2' level='4'/>"
                + "<make_not_entrant thread='1' reason='uncommon trap' compile_id='15' compiler='c2' level='4' stamp='2'/>"
                + "<uncommon_trap thread='1' reason='null_check' compile_id='oops'/>"
                + C2_TASK + "</hotspot_log>");
        assertEquals("made not entrant: not used", log.deoptimized().get(14));
        assertEquals("uncommon trap: unstable_if", log.deoptimized().get(15));
    }

    @Test
    void jdk25RecordedShapesEliminationsNestedInliningOsrAndTraps() {
        CompilationLog log = read(recorded("shapes-jdk25.xml"));
        assertTrue(log.complete());
        assertEquals(List.of(), log.problems());
        assertEquals(0, log.skipped());
        assertEquals(12, log.tasks().size(), "every C2 task of Shapes' methods, the OSR one included");

        assertEquals(List.of(List.of("local@0")), task(log, "local").eliminatedAllocations().stream().map(CompilationLogTest::chain).toList());
        assertEquals(List.of(), task(log, "global").eliminatedAllocations(), "stored to a static: kept");
        // nested inlining: the chain names the innermost frame first
        assertEquals(List.of(List.of("inner@0", "middle@1", "outer@1")),
                task(log, "outer").eliminatedAllocations().stream().map(CompilationLogTest::chain).toList());
        var middle = task(log, "outer").tree().calls.get(0);
        assertTrue(middle.inlined());
        assertEquals("inner", middle.body().calls.get(0).callee().name(), "middle's inlined body holds the call to inner");

        Task locked = task(log, "locked");
        assertEquals(List.of("NonEscObj"), locked.eliminatedLocks().stream().map(CompilationLog.EliminatedLock::kind).toList(),
                "the unlock record has no jvms and is not a lock of its own");
        assertEquals(2, task(log, "merged").eliminatedAllocations().size(), "JDK 25 reduces the allocation merge");

        Task osr = log.tasks().stream().filter(Task::osr).findFirst().orElseThrow();
        assertEquals("main", osr.root().name());
        assertEquals(108, osr.osrBci());
        assertEquals("uncommon trap: unstable_if", log.deoptimized().get(osr.compileId()));

        Task trap = log.tasks().stream().filter(t -> t.compileId() == 30).findFirst().orElseThrow();
        assertEquals("fallthrough", trap.tree().prunedBranches.get(1), "prob='always': the fall-through successor is a trap");
        assertEquals("unstable_if", trap.tree().traps.get(1));
        assertEquals("uncommon trap: unstable_if", log.deoptimized().get(30));
    }

    @Test
    void jdk17WritesMakeNotEntrantWithoutAReasonAndKeepsTheMerge() {
        CompilationLog log = read(recorded("shapes-jdk17.xml"));
        assertTrue(log.complete());
        assertEquals(12, log.tasks().size());
        assertEquals(List.of(), task(log, "merged").eliminatedAllocations(), "JDK 17 keeps both arms of the merge");
        assertEquals(List.of(List.of("inner@0", "middle@1", "outer@1")),
                task(log, "outer").eliminatedAllocations().stream().map(CompilationLogTest::chain).toList());
        assertEquals("uncommon trap: unstable_if", log.deoptimized().get(27),
                "JDK 17's make_not_entrant has no reason attribute; the trap before it gives one");
        Task osr = log.tasks().stream().filter(Task::osr).findFirst().orElseThrow();
        assertEquals(108, osr.osrBci());
    }

    @Test
    void aLateInlinedBoxingCallGetsItsBodyOnJdk17And25() {
        for (String name : List.of("late-inline-jdk25.xml", "late-inline-jdk17.xml")) {
            CompilationLog log = read(recorded(name));
            var valueOf = task(log, "boxEscapes").tree().calls.get(0);
            assertEquals("valueOf", valueOf.callee().name(), name);
            assertTrue(valueOf.inlined(), name);
            assertNotNull(valueOf.body(), name + ": the late_inline record's parse is hung under the call it names");
            assertEquals("valueOf", valueOf.body().method.name(), name);
        }
    }

    @Test
    void recordsWithoutTheirOptionalAttributesReadTheSame() {
        String full = recorded("shapes-jdk25.xml");
        // keep only what a record needs: ids, names, holders, methods, bcis, kinds, reasons, compile ids, threads, compilers
        String bare = full.replaceAll(" (stamp|count|iicount|backedge_count|bytes|flags|blocking|uses|nodes|live|memory|prof_factor"
                + "|inline|nmsize|inlined_bytes|debug_id|comment|lock_id|box_id|obj_id|bad_id|taken|not_taken|cnt"
                + "|level|compile_kind|decompiles|unstable_if_traps|process|time_ms|arguments|return|action)='[^']*'", "");
        CompilationLog a = read(full);
        CompilationLog b = read(bare);
        assertEquals(a.tasks().stream().map(Task::compileId).toList(), b.tasks().stream().map(Task::compileId).toList());
        assertEquals(a.tasks().stream().map(t -> t.eliminatedAllocations().size()).toList(),
                b.tasks().stream().map(t -> t.eliminatedAllocations().size()).toList());
        assertEquals(a.deoptimized().keySet(), b.deoptimized().keySet());
        assertTrue(b.complete());
        assertEquals(List.of(), b.problems());
    }

    @Test
    void everyCutOfARealLogReadsWithoutErrorAndIsNotComplete() {
        for (String name : List.of("shapes-jdk25.xml", "shapes-jdk17.xml", "late-inline-jdk25.xml")) {
            String full = recorded(name);
            Set<Integer> whole = read(full).tasks().stream().map(Task::compileId).collect(Collectors.toSet());
            int end = full.indexOf("<hotspot_log_done");
            for (int cut = 0; cut < end; cut += end / 120 + 1) { // 120 cuts: inside tags, values and between records
                CompilationLog log = read(full.substring(0, cut));
                assertFalse(log.complete(), name + " cut at " + cut);
                for (Task t : log.tasks()) {
                    assertTrue(whole.contains(t.compileId()), name + " cut at " + cut + ": a task the whole log lacks");
                    assertNotNull(t.root());
                }
                assertEquals(List.of(), log.problems(), name + " cut at " + cut + ": a cut is said by complete(), not as a bad record");
            }
        }
    }

    @Test
    void aShuffledLogIsReadWithoutError() {
        for (String name : List.of("shapes-jdk25.xml", "shapes-jdk17.xml", "late-inline-jdk17.xml")) {
            List<String> lines = new ArrayList<>(recorded(name).lines().toList());
            for (long seed = 0; seed < 10; seed++) {
                List<String> shuffled = new ArrayList<>(lines);
                Collections.shuffle(shuffled.subList(2, shuffled.size() - 1), new Random(seed)); // keep the root element
                CompilationLog log = read(String.join("\n", shuffled));
                for (Task t : log.tasks()) {
                    assertNotNull(t.root(), name + " seed " + seed);
                    t.eliminatedAllocations().forEach(c -> c.forEach(f -> assertNotNull(f.method())));
                }
            }
        }
    }

    @Test
    void aRecordNamingAnUndeclaredIdIsSkippedAndCounted() {
        String broken = C2_TASK.replace("<jvms bci='12' method='1387'/>", "<jvms bci='12' method='999'/>")
                .replace("<method id='1391' holder='1386' name='use'", "<method id='1391' holder='1386'");
        CompilationLog log = read("<hotspot_log>\n" + broken + "<hotspot_log_done stamp='1'/></hotspot_log>");
        assertEquals(1, log.tasks().size());
        assertEquals(List.of(), log.tasks().get(0).eliminatedLocks(), "the lock's frame names no declared method");
        assertEquals(2, log.skipped());
        assertTrue(log.problems().get(0).startsWith("2 records of C2's tasks could not be read and were skipped (first at line 10"),
                log.problems().toString());
        assertTrue(log.complete());
    }

    @Test
    void malformedXmlInTheMiddleIsNamedWithItsLine() {
        String bad = "<hotspot_log>\n" + C2_TASK + "<task compile_id='15' method='Q x ()I'>\n<type id='1' name=int/>\n</task>\n"
                + C2_TASK + "<hotspot_log_done stamp='1'/></hotspot_log>";
        CompilationLog log = read(bad);
        assertFalse(log.complete());
        assertEquals(1, log.tasks().size(), "the task before the bad record");
        assertEquals(1, log.problems().size());
        assertTrue(log.problems().get(0).startsWith("the log's record at line 29 could not be read (Open quote is expected"),
                log.problems().get(0));
    }

    @Test
    void aTaskWhoseRootIsNotDeclaredIsSkipped() {
        String rootless = C2_TASK.replace("<parse method='1387'", "<parse method='4242'");
        CompilationLog log = read("<hotspot_log>" + rootless + "<hotspot_log_done stamp='1'/></hotspot_log>");
        assertEquals(0, log.tasks().size());
        assertEquals(1, log.skipped());
    }
}
