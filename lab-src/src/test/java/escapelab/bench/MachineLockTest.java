package escapelab.bench;

import escapelab.jvm.ChildProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineLockTest {
    /** A run that measured nothing shows why, instead of failing to draw an empty chart. */
    @Test
    void aReportWithNoResultsRendersItsFailure() {
        BenchReport failed = new BenchReport("X.java", "25.0.3", Preset.quick(), List.of(), List.of(), "failed",
                List.of("JMH exited with exit 1: Unable to acquire the JMH lock"), "");
        String html = new BenchView("X.java", Map.of("JDK 25.0.3", failed)).toHtml();
        assertTrue(html.contains("Unable to acquire the JMH lock"), html);
    }

    /** A second process's run waits until the first releases the machine, and says it is waiting. */
    @Test
    @Tag("live")
    void aRunWaitsForTheOneBeforeIt(@TempDir Path dir) throws Exception {
        Path lock = dir.resolve("bench.lock");
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        try (var c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                             var l = c.lock()) {
                            System.out.println("holding");
                            Thread.sleep(1500);
                        }
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Thread other = new Thread(() -> ChildProcess.of(java, holder.toString(), lock.toString()).timeLimit(Duration.ofSeconds(30)).run());
        other.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(lock) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1000); // the holder's JVM has started and locked by now
        List<String> said = new ArrayList<>();
        long start = System.nanoTime();
        try (MachineLock ignored = MachineLock.acquire(lock, said::add)) {
            assertFalse(said.isEmpty(), "a waiting run says so");
            assertTrue(System.nanoTime() - start > 100_000_000L, "it waited for the holder");
        }
        other.join();
    }
}
