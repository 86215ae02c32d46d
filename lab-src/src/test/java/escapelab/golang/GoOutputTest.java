package escapelab.golang;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The -m/-m=2 parser on every transcript the Go compiler wrote for the examples (Go 1.26, and
 * Go 1.24 under releases/), whole, cut and shuffled; no go command is run.
 */
class GoOutputTest {
    private static List<Transcript> transcripts() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("examples/go/transcripts"))) {
            List<Transcript> all = files.filter(p -> p.toString().endsWith(".txt")).sorted().map(Transcript::read).toList();
            assertTrue(all.size() >= 20, "the recorded transcripts: " + all.size());
            return all;
        }
    }

    @Test
    void everyDiagnosticOfEveryTranscriptIsReadOnce() throws IOException {
        for (Transcript t : transcripts()) {
            List<GoFinding> findings = GoOutput.parse(t.output());
            long lines = t.output().lines().filter(l -> l.matches("^\\./\\S+\\.go:\\d+:\\d+: .*")).count();
            // each line is a finding, or a line of the explanation folded into the summary printed later at its place
            long read = findings.stream().mapToLong(f -> f.explanation().isEmpty() ? 1
                    : f.explanation().size() + (f.explanation().get(0).equals(f.message()) ? 0 : 1)).sum();
            assertEquals(lines, read, t.source() + " " + t.flags());
            assertFalse(findings.isEmpty(), t.source());
            for (GoFinding f : findings) {
                assertTrue(f.file().endsWith(".go") && f.line() > 0 && f.column() > 0, f.toString());
            }
        }
    }

    @Test
    void cutAndShuffledTranscriptsReadWithoutError() throws IOException {
        for (Transcript t : transcripts()) {
            String out = t.output();
            int whole = GoOutput.parse(out).size();
            for (int cut = 0; cut <= out.length(); cut += out.length() / 60 + 1) {
                assertTrue(GoOutput.parse(out.substring(0, cut)).size() <= whole + 1, t.source() + " cut at " + cut);
            }
            List<String> lines = new ArrayList<>(out.lines().toList());
            for (long seed = 0; seed < 5; seed++) {
                Collections.shuffle(lines, new Random(seed));
                GoOutput.parse(String.join("\n", lines));
            }
        }
    }

    @Test
    void aPositionTooLongForAnIntIsNotADiagnostic() {
        List<GoFinding> fs = GoOutput.parse("./a.go:99999999999:3: moved to heap: x\n./a.go:4:2: moved to heap: y\n");
        assertEquals(1, fs.size());
        assertEquals("a.go:4:2", fs.get(0).position());
    }
}
