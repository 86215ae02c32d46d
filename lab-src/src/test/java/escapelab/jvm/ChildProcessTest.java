package escapelab.jvm;

import escapelab.LabException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    void inItsOwnGroupWhatTheChildLeftBehindEndsWithIt() throws Exception {
        // The grandchild's output goes elsewhere, so the child's pipes close when the child exits; it lives on, reparented.
        String leaveOne = "sleep 300 >/dev/null 2>&1 & echo $!";
        long left = Long.parseLong(ChildProcess.of("sh", "-c", leaveOne).run().stdout().strip());
        try {
            Thread.sleep(200);
            assertTrue(ProcessHandle.of(left).map(ProcessHandle::isAlive).orElse(false), "without a group of its own it lives on");
        } finally {
            ProcessHandle.of(left).ifPresent(ProcessHandle::destroyForcibly);
        }
        ChildProcess.Result r = ChildProcess.of("sh", "-c", leaveOne).ownProcessGroup().run();
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("sh", "-c", leaveOne), r.command());
        long ended = Long.parseLong(r.stdout().strip());
        for (int i = 0; i < 50 && ProcessHandle.of(ended).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(ended).map(ProcessHandle::isAlive).orElse(false), "the grandchild survived its group");
        // Through setsid and timeout, the child's own exit status and signal come back as they were.
        assertEquals(3, ChildProcess.of("sh", "-c", "exit 3").ownProcessGroup().run().exitCode());
        assertEquals(128 + 11, ChildProcess.of("sh", "-c", "kill -SEGV $$").ownProcessGroup().run().exitCode());
        LabException missing = assertThrows(LabException.class, () -> ChildProcess.of("/no/such/java", "-version").ownProcessGroup().run());
        assertEquals(LabException.ENVIRONMENT, missing.exitCode());
        LabException unknown = assertThrows(LabException.class, () -> ChildProcess.of("no-such-program-here").ownProcessGroup().run());
        assertTrue(unknown.getMessage().startsWith("cannot start no-such-program-here: "), unknown.getMessage());
    }

    @Test
    void stopAfterAsksWithSigtermAndLetsTheChildFinishItsWork() {
        // The child's handler stands for a JVM's shutdown hooks writing its recording and printing as it ends.
        ChildProcess.Result r = ChildProcess.of("sh", "-c",
                        "trap 'kill $p; echo wrote-on-exit; exit 3' TERM; sleep 60 >/dev/null 2>&1 & p=$!; wait")
                .stopAfter(Duration.ofMillis(500)).timeLimit(Duration.ofSeconds(30)).run();
        assertFalse(r.timedOut());
        assertEquals(3, r.exitCode(), r.describe());
        assertEquals("wrote-on-exit\n", r.stdout());
        assertTrue(r.elapsed().toSeconds() < 10, r.elapsed().toString());
    }

    @Test
    void aSignalIsNamed() {
        ChildProcess.Result r = ChildProcess.of("sh", "-c", "kill -SEGV $$").run();
        assertEquals(139, r.exitCode());
        assertTrue(r.describe().contains("signal 11, SIGSEGV"), r.describe());
    }

    @Test
    void anInterruptStopsTheChildAndIsNotCalledAnInputError() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        List<Long> pids = new CopyOnWriteArrayList<>();
        Thread runner = new Thread(() -> {
            try {
                ChildProcess.of("sh", "-c", "sleep 60 & echo $!; wait").onStdoutLine(l -> {
                    pids.add(Long.parseLong(l.strip()));
                    started.countDown();
                }).run();
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        runner.start();
        assertTrue(started.await(10, TimeUnit.SECONDS), "the child did not start");
        runner.interrupt();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "run() returned at the interrupt, not after the sleep");
        LabException e = assertInstanceOf(LabException.class, thrown.get());
        assertEquals(LabException.INTERRUPTED, e.exitCode());
        assertTrue(e.getMessage().startsWith("interrupted while running sh"), e.getMessage());
        assertTrue(stillInterrupted.get(), "the thread's interrupt is kept for its caller");
        long grandchild = pids.get(0);
        for (int i = 0; i < 50 && ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "the child's own child survived");
    }

    @Test
    void aMissingProgramIsAnEnvironmentError() {
        LabException e = assertThrows(LabException.class, () -> ChildProcess.of("/no/such/program").run());
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    }
}
