package escapelab.graal;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartialEscapeTest {
    /** Reading the thread's counter allocates a few hundred bytes per million calls: 0.0008 B a call. */
    private static final double PER_CALL = 0.01;

    private static ChildProcess.Result result(int exit, String stdout) {
        return new ChildProcess.Result(List.of("java"), exit, stdout, "", false, Duration.ofMillis(10));
    }

    @Test
    void theLastRoundIsTaken() {
        PartialEscape.Run r = PartialEscape.parse(PartialEscape.Jit.GRAAL, "25.0.3",
                result(0, "@@pea 24000000 24000000 1000000\n@@pea 0 24000000 1000000\n"));
        assertEquals(0.0, r.commonBytesPerCall());
        assertEquals(24.0, r.rareBytesPerCall());
    }

    @Test
    void aRunThatDidNotMeasureSaysWhatHappened() {
        LabException e = assertThrows(LabException.class, () -> PartialEscape.parse(PartialEscape.Jit.GRAAL, "25.0.3",
                result(1, "Error occurred during initialization of boot layer\n")));
        assertTrue(e.getMessage().contains("exit 1"), e.getMessage());
        assertTrue(e.getMessage().contains("boot layer"), e.getMessage());
    }

    @Test
    void aRunWhoseJitNeverInstalledItsCodeSaysSo() {
        LabException e = assertThrows(LabException.class, () -> PartialEscape.parse(PartialEscape.Jit.GRAAL, "25.0.3",
                result(0, "@@pea uncompiled after 60.0 s: no code of the JIT's for measure was in use at the end;\n@@pea 24000000 24000000 1000000\n")));
        assertTrue(e.getMessage().contains("no code of the JIT's for measure was in use"), e.getMessage());
    }

    /** What the README says: C2 keeps the Point on both branches, Graal's PEA allocates it only on the rare one. */
    @Test
    @Tag("live")
    void graalAllocatesOnlyOnTheBranchWhereThePointEscapes() {
        Assumptions.assumeTrue(!PartialEscape.graalJars().isEmpty(), "no Graal jars in " + PartialEscape.JARS + " (mvn package copies them); skipped");
        List<PartialEscape.Run> runs = PartialEscape.measure();
        String shown = PartialEscape.table(runs).toText();
        assertEquals(24.0, runs.get(0).commonBytesPerCall(), PER_CALL, shown);
        assertEquals(24.0, runs.get(0).rareBytesPerCall(), PER_CALL, shown);
        assertEquals(0.0, runs.get(1).commonBytesPerCall(), PER_CALL, shown);
        assertEquals(24.0, runs.get(1).rareBytesPerCall(), PER_CALL, shown);
        assertEquals(24.0, runs.get(2).commonBytesPerCall(), PER_CALL, shown);
    }
}
