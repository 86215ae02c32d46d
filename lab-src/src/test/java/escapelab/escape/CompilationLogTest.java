package escapelab.escape;

import escapelab.escape.CompilationLog.Dispatch;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compilation log parser on records cut from real JDK 25 logs, without starting a JVM. */
class CompilationLogTest {
    private static CompilationLog read(String xml) {
        return CompilationLog.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
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
}
