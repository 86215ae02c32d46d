package escapelab.grade;

import escapelab.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Release's solution stubbing and what it leaves behind, as nbgrader does it; no JVM is started. */
class ReleaseTest {
    private static final String STUB = "throw new UnsupportedOperationException(\"your code here\");";

    @Test
    void aRegionBecomesTheDefaultStubOrItsStubLines() {
        String src = """
                class A {
                    int f() {
                        // BEGIN SOLUTION
                        return 42;
                        // END SOLUTION
                    }
                    int g() {
                        // BEGIN SOLUTION
                        return 7;
                        // END SOLUTION
                        // STUB: return 0;
                    }
                }""";
        assertEquals("""
                class A {
                    int f() {
                        %s
                    }
                    int g() {
                        return 0;
                    }
                }""".formatted(STUB), Release.stub(src, STUB));
    }

    @Test
    void nestedAndUnpairedRegionsAreErrorsNamingTheLine() {
        var nested = assertThrows(LabException.class, () -> Release.stub("""
                // BEGIN SOLUTION
                a();
                // BEGIN SOLUTION
                b();
                // END SOLUTION
                // END SOLUTION
                """, STUB));
        assertEquals("BEGIN SOLUTION at line 3 inside the solution region begun at line 1; regions cannot be nested", nested.getMessage());
        var open = assertThrows(LabException.class, () -> Release.stub("x();\n    // BEGIN SOLUTION\ny();\n", STUB));
        assertEquals("BEGIN SOLUTION without END SOLUTION at line 2", open.getMessage());
        var stray = assertThrows(LabException.class, () -> Release.stub("x();\n// END SOLUTION\n", STUB));
        assertEquals("END SOLUTION without BEGIN SOLUTION at line 2", stray.getMessage());
        assertEquals(LabException.INPUT, stray.exitCode());
    }

    @Test
    void everyCutOfARealSolutionIsStubbedOrRefusedWithAMessage() throws IOException {
        String src = Files.readString(Path.of("../solutions/01-allocation-free/src/Sums.java"));
        assertTrue(src.contains("// BEGIN SOLUTION"));
        for (int cut = 0; cut <= src.length(); cut += 7) {
            try {
                assertFalse(Release.stub(src.substring(0, cut), STUB).contains("// BEGIN SOLUTION"));
            } catch (LabException e) {
                assertTrue(e.getMessage().contains("SOLUTION at line "), e.getMessage());
            }
        }
    }

    @Test
    void onlyTheTestsHiddenFolderStaysBehind(@TempDir Path dir) throws IOException {
        Path sol = dir.resolve("solutions/01-x");
        Files.createDirectories(sol.resolve("tests/hidden"));
        Files.createDirectories(sol.resolve("src/hidden"));
        Files.writeString(sol.resolve("tests/hidden/SecretTest.java"), "class SecretTest {}");
        Files.writeString(sol.resolve("tests/HiddenFieldsTest.java"), "class HiddenFieldsTest {}");
        Files.writeString(sol.resolve("src/hidden/Helper.java"), "class Helper {}");
        Files.writeString(sol.resolve("src/HiddenState.java"), "class HiddenState {}");
        Release.release(dir.resolve("solutions"), dir.resolve("exercises"));
        Path ex = dir.resolve("exercises/01-x");
        assertFalse(Files.exists(ex.resolve("tests/hidden/SecretTest.java")));
        assertTrue(Files.exists(ex.resolve("tests/HiddenFieldsTest.java")));
        assertTrue(Files.exists(ex.resolve("src/hidden/Helper.java")));
        assertTrue(Files.exists(ex.resolve("src/HiddenState.java")));
    }

    @Test
    void aBadRegionInAReleasedFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("solutions/01-x/src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("A.java"), "class A {\n// BEGIN SOLUTION\n}\n");
        var e = assertThrows(LabException.class, () -> Release.release(dir.resolve("solutions"), dir.resolve("exercises")));
        assertTrue(e.getMessage().endsWith("A.java: BEGIN SOLUTION without END SOLUTION at line 2"), e.getMessage());
    }

    @Test
    void aFileEditedSinceTheLastReleaseIsNamedAndKeptUnlessForced(@TempDir Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("solutions/01-x/src"));
        Files.writeString(src.resolve("A.java"), "class A {\n// BEGIN SOLUTION\nint a;\n// END SOLUTION\n}\n");
        Files.writeString(src.resolve("B.java"), "class B {}\n");
        Path exercises = dir.resolve("exercises");
        Release.release(dir.resolve("solutions"), exercises);
        Path edited = exercises.resolve("01-x/src/A.java");
        Files.writeString(edited, "class A { int mine; }\n");
        Files.writeString(src.resolve("B.java"), "class B { int changed; }\n");

        var e = assertThrows(LabException.class, () -> Release.release(dir.resolve("solutions"), exercises));
        assertTrue(e.getMessage().contains(edited.toString()) && e.getMessage().contains("--force")
                && e.getMessage().contains("--out DIR") && !e.getMessage().contains("B.java"), e.getMessage());
        assertEquals("class A { int mine; }\n", Files.readString(edited));
        assertEquals("class B {}\n", Files.readString(exercises.resolve("01-x/src/B.java")), "nothing is written when the release stops");

        Release.release(dir.resolve("solutions"), exercises, true);
        assertTrue(Files.readString(edited).contains("your code here"));
        assertEquals("class B { int changed; }\n", Files.readString(exercises.resolve("01-x/src/B.java")));
    }

    @Test
    void aFileUnchangedSinceTheLastReleaseIsReplacedOrDeleted(@TempDir Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("solutions/01-x/src"));
        Files.writeString(src.resolve("A.java"), "class A {}\n");
        Files.writeString(src.resolve("Gone.java"), "class Gone {}\n");
        Path exercises = dir.resolve("exercises");
        Release.release(dir.resolve("solutions"), exercises);
        Files.writeString(src.resolve("A.java"), "class A { int b; }\n");
        Files.delete(src.resolve("Gone.java"));
        Release.release(dir.resolve("solutions"), exercises);
        assertEquals("class A { int b; }\n", Files.readString(exercises.resolve("01-x/src/A.java")));
        assertFalse(Files.exists(exercises.resolve("01-x/src/Gone.java")));
    }

    @Test
    void aReleasedNotebookKeepsEveryCodeCellsExecutionCount() {
        // nbformat requires the key on code cells, null when never run; JupyterLab logs the notebook as invalid without it.
        String nb = """
                {"cells": [{"cell_type": "code", "execution_count": 3, "id": "a", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["x"]}], "source": ["1 + 1"]},
                           {"cell_type": "markdown", "id": "b", "metadata": {}, "source": ["# T"]}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """;
        com.google.gson.JsonObject released = com.google.gson.JsonParser.parseString(Release.notebook(nb)).getAsJsonObject();
        com.google.gson.JsonObject code = released.getAsJsonArray("cells").get(0).getAsJsonObject();
        assertTrue(code.has("execution_count") && code.get("execution_count").isJsonNull(), code.toString());
        assertEquals(0, code.getAsJsonArray("outputs").size());
        assertTrue(!released.getAsJsonArray("cells").get(1).getAsJsonObject().has("execution_count"));
    }
}
