package escapelab.jvm;

import escapelab.LabException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildProcessTest {
    @Test
    void capturesBothStreamsAndTheExitCode() {
        ChildProcess.Result r = ChildProcess.of("sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.ok());
        assertTrue(r.describe().startsWith("exit 3 in "), r.describe());
    }

    @Test
    void reportsLinesAsTheyArrive() {
        List<String> lines = new ArrayList<>();
        ChildProcess.of("sh", "-c", "echo one; echo two").onStdoutLine(lines::add).run();
        assertEquals(List.of("one", "two"), lines);
    }

    @Test
    void aHangIsKilledAtTheLimitWithEverythingItStarted() throws Exception {
        // The child starts a grandchild and prints its pid; both must be gone afterwards.
        ChildProcess.Result r = ChildProcess.of("sh", "-c", "sleep 60 & echo $!; wait")
                .timeLimit(Duration.ofMillis(700)).run();
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        assertTrue(r.elapsed().toSeconds() < 10, "killed at the limit, not after the sleep: " + r.elapsed());
        long grandchild = Long.parseLong(r.stdout().strip());
        for (int i = 0; i < 50 && ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "grandchild survived");
        assertTrue(r.describe().startsWith("killed at the time limit"), r.describe());
    }

    @Test
    void aSignalIsNamed() {
        ChildProcess.Result r = ChildProcess.of("sh", "-c", "kill -SEGV $$").run();
        assertEquals(139, r.exitCode());
        assertTrue(r.describe().contains("signal 11, SIGSEGV"), r.describe());
    }

    @Test
    void aMissingProgramIsAnEnvironmentError() {
        LabException e = assertThrows(LabException.class, () -> ChildProcess.of("/no/such/program").run());
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    }
}
