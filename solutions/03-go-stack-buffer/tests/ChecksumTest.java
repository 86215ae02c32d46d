import escapelab.golang.GoEscape;
import escapelab.golang.GoFinding;
import escapelab.golang.GoReport;
import escapelab.grade.Points;
import escapelab.grade.Submission;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded from the Go compiler's own -m output, and by running the function. */
class ChecksumTest {
    static Path submitted() {
        return Submission.file("checksum.go");
    }

    @Test
    @Points(3)
    void nothingGoesToTheHeapAndTheSumsAreUnchanged() throws Exception {
        GoReport r = GoEscape.analyze(submitted(), GoEscape.Options.defaults());
        List<String> heap = r.findings().stream().filter(GoFinding::heap).map(f -> f.position() + ": " + f.message()).toList();
        assertTrue(heap.isEmpty(), "go build -gcflags=-m still puts something on the heap: " + String.join("; ", heap));
        Path dir = Files.createTempDirectory(Path.of("."), "checksum-"); // inside the grading folder, removed with it
        Files.copy(submitted(), dir.resolve("checksum.go"));
        Files.writeString(dir.resolve("main_test.go"), """
                package checksum
                import "testing"
                func TestSums(t *testing.T) {
                    if got := Checksum([]byte("hello")); got != 532 { t.Fatalf("Checksum(hello) = %d, want 532", got) }
                    if got := Checksum(nil); got != 0 { t.Fatalf("Checksum(nil) = %d, want 0", got) }
                }
                """);
        Files.writeString(dir.resolve("go.mod"), "module checksum\n\ngo 1.21\n");
        Process p = new ProcessBuilder(escapelab.golang.GoTool.require().go().toString(), "test", "./...")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "go test: " + out.lines().limit(5).reduce("", (a, l) -> a + l + " "));
    }
}
