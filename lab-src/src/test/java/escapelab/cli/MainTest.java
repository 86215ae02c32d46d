package escapelab.cli;

import escapelab.jvm.Jdk;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandIsAnInputErrorWithTheUsage() {
        assertEquals(1, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: ./lab"));
    }

    @Test
    void jdksListsTheLabsOwnJdk() {
        assertEquals(0, run("jdks"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(Jdk.current().home().toString()), out.toString(StandardCharsets.UTF_8));
    }
}
