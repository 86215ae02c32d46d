package escapelab.cli;

import escapelab.golang.GoTool;
import org.junit.jupiter.api.Assumptions;
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

/** ./lab go-escape's contract: file:line:col lines with the source beside them, JSON records, exit codes. */
@Tag("live")
class GoEscapeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path demo(Path dir) throws Exception {
        return Files.writeString(dir.resolve("demo.go"), "package example\n\nfunc f() *int {\n\tx := 1\n\treturn &x\n}\n");
    }

    @Test
    void printsTheCompilersFindingsWithTheSourceBeside(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command; skipped");
        assertEquals(0, run("go-escape", demo(dir).toString()), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*\\ndemo\\.go:4:2: moved to heap: x\\s+\\| x := 1\\n.*"), text);
    }

    @Test
    void jsonGivesRecords(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command; skipped");
        assertEquals(0, run("go-escape", demo(dir).toString(), "--json", "-l"), err.toString());
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"flags\": \"-m -l\""), json);
        assertTrue(json.contains("{\"file\": \"demo.go\", \"line\": 4, \"column\": 2, \"message\": \"moved to heap: x\", \"kind\": \"moved-to-heap\"}"), json);
    }

    @Test
    void aPackageMainWithoutFuncMainStillGetsItsFindings(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command; skipped");
        // go build compiles it, prints every finding, then fails to link: the findings are the answer.
        Path noMain = Files.writeString(dir.resolve("nomain.go"), "package main\n\ntype P struct{ x, y int }\n\nfunc mk() *P { return &P{1, 2} }\n");
        assertEquals(0, run("go-escape", noMain.toString()), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("nomain.go:5:23: &P{...} escapes to heap"), text);
        assertTrue(!text.contains("undeclared"), text);
    }

    @Test
    void aCompileErrorExitsOneAndAMissingFileToo(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command; skipped");
        Path bad = Files.writeString(dir.resolve("bad.go"), "package example\nfunc f() { return 1 }\n");
        assertEquals(1, run("go-escape", bad.toString()));
        assertTrue(err.toString().contains("bad.go:2:"), err.toString());
        assertEquals(1, run("go-escape", dir.resolve("none.go").toString()));
    }
}
