package escapelab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./lab bench's contract: the JSON of DESIGN.md, progress on stderr, exit 1 for bad input. */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @Tag("live")
    void jsonHasEveryBenchmarkWithScoreErrorUnitAndBytes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Tiny.java"), """
                import org.openjdk.jmh.annotations.*;
                @State(Scope.Thread)
                public class Tiny {
                    int seed = 1;
                    Object sink;
                    @Benchmark public void keep() { sink = new int[] {seed}; }
                }
                """);
        assertEquals(0, run("bench", file.toString(), "--json", "--jvm-args", "-XX:+UseSerialGC"), err.toString());
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"preset\": \"quick"), json);
        assertTrue(json.contains("\"-XX:+UseSerialGC\""), json);
        assertTrue(json.matches("(?s).*\\{\"name\": \"Tiny.keep\", \"params\": \\{\\}, \"score\": [0-9.E-]+, \"error\": [0-9.E-]+,"
                + " \"unit\": \"ns/op\", \"bytesPerOp\": 24.0\\}.*"), json);
        assertTrue(err.toString().contains("Tiny.keep: iteration 1/"), "progress goes to stderr: " + err);
    }

    @Test
    void anUnknownPresetAndAMissingFileAreInputErrors(@TempDir Path dir) {
        assertEquals(1, run("bench", dir.resolve("none.java").toString()));
        assertEquals(1, run("bench", "x.java", "--preset", "slow"));
        assertTrue(err.toString().contains("unknown preset 'slow'"), err.toString());
    }
}
