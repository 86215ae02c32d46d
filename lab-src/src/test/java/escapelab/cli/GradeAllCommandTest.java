package escapelab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./lab grade EXERCISE DIR --all}: a class of three, one of which does not compile. */
class GradeAllCommandTest {
    @Test
    @Tag("live")
    void aClassGetsAGradebookAndEachStudentAResultsJson(@TempDir Path dir) throws IOException {
        Path solution = Path.of("../solutions/01-allocation-free/src/Sums.java");
        Path stub = Path.of("../exercises/01-allocation-free/src/Sums.java");
        Files.copy(solution, Files.createDirectories(dir.resolve("ada")).resolve("Sums.java"));
        Files.copy(stub, Files.createDirectories(dir.resolve("bob")).resolve("Sums.java"));
        Files.writeString(Files.createDirectories(dir.resolve("cy")).resolve("Sums.java"), "public class Sums { int x = \"no\"; }\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[]{"grade", "../solutions/01-allocation-free", dir.toString(), "--all"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

        List<String> rows = Files.readAllLines(dir.resolve("gradebook.csv"));
        assertEquals(4, rows.size(), String.join("\n", rows));
        List<String> header = List.of(rows.get(0).split(","));
        assertEquals("student", header.get(0));
        assertEquals("total", header.get(header.size() - 1));
        String full = totalOf(rows, "ada");
        assertTrue(Double.parseDouble(full) > 0, rows.toString());
        assertEquals("0", totalOf(rows, "bob"), rows.toString());
        assertEquals("0", totalOf(rows, "cy"), rows.toString());
        // The columns per test add up to the total.
        String[] ada = rows.get(1).split(",");
        double sum = 0;
        for (int i = 1; i < ada.length - 1; i++) {
            sum += Double.parseDouble(ada[i]);
        }
        assertEquals(Double.parseDouble(full), sum);

        for (String student : List.of("ada", "bob", "cy")) {
            assertTrue(Files.readString(dir.resolve(student).resolve("results.json")).contains("\"tests\""), student);
        }
        assertTrue(Files.readString(dir.resolve("cy/results.json")).contains("does not compile"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("3/3"), err.toString(StandardCharsets.UTF_8));
    }

    private static String totalOf(List<String> rows, String student) {
        String row = rows.stream().filter(r -> r.startsWith(student + ",")).findFirst().orElseThrow();
        return row.substring(row.lastIndexOf(',') + 1);
    }
}
