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

/** ./lab layout's contract: the JSON of DESIGN.md per mode, and input errors that name the fix. */
class LayoutCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @Tag("live")
    void jsonGivesEachModesSizesAndFields(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Mixed.java"), "public class Mixed { byte b; long l; Object o; int i; }\n");
        assertEquals(0, run("layout", file.toString(), "Mixed", "--modes", "default,compact-headers", "--json"), err.toString());
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"class\": \"Mixed\", \"modes\": [{\"mode\": \"default\", \"jdk\": \""), json);
        assertTrue(json.contains("\"instanceSize\": 32, \"headerSize\": 12, \"fields\": [{\"name\": \"i\", \"type\": \"int\", \"offset\": 12, \"size\": 4}"), json);
        assertTrue(json.contains("{\"mode\": \"compact-headers\""), json);
        assertTrue(json.contains("\"headerSize\": 8"), json);
    }

    /** The deprecated mode's JSON quotes the JVM's warning, in the text output too. */
    @Test
    @Tag("live")
    void aDeprecatedFlagsWarningIsPassedOn(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(escapelab.Lab.jdk().feature() >= 25, "the flag is deprecated from JDK 25");
        Path file = Files.writeString(dir.resolve("P.java"), "record P(int x) {}\n");
        assertEquals(0, run("layout", file.toString(), "P", "--modes", "no-compressed-class-pointers", "--json"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"jvmWarning\": \"")
                && out.toString(StandardCharsets.UTF_8).contains("VM warning: Option UseCompressedClassPointers was deprecated in version 25.0"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownModeOrClassIsAnInputError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("P.java"), "record P(int x) {}\n");
        assertEquals(1, run("layout", file.toString(), "P", "--modes", "tiny"));
        assertTrue(err.toString().contains("unknown mode 'tiny'; modes here: default, compact-headers"), err.toString());
        assertEquals(1, run("layout", file.toString(), "Q"));
        assertTrue(err.toString().contains("no class Q in P.java; it has: P"), err.toString());
    }
}
