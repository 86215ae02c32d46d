package escapelab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./lab ledger on real runs: the JSON's shape, a program that ends at once, one that never ends. */
@Tag("live")
class LedgerCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path program(String name, String body) throws Exception {
        Path f = dir.resolve(name + ".java");
        Files.writeString(f, "public class " + name + " {\n" + body + "\n}\n");
        return f;
    }

    @Test
    void jsonHasTheContractsFieldsAndLedgerJsonIsWritten() throws Exception {
        Path f = program("Boxes", """
                    static Object sink;
                    public static void main(String[] a) {
                        long end = System.nanoTime() + 1_500_000_000L;
                        while (System.nanoTime() < end) { sink = new StringBuilder().append(end).toString(); }
                    }""");
        assertEquals(0, run("ledger", f.toString(), "--json", "--out", dir.resolve("out").toString()), err.toString());
        JsonObject j = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        for (String field : List.of("jdk", "program", "seconds", "totalBytes", "sites", "flameGraph")) {
            assertTrue(j.has(field), field + " missing from " + j.keySet());
        }
        JsonObject site = j.getAsJsonArray("sites").get(0).getAsJsonObject();
        for (String field : List.of("class", "method", "line", "type", "bytes", "share", "verdict", "escapeState", "reason", "stacks")) {
            assertTrue(site.has(field), field + " missing from " + site.keySet());
        }
        assertEquals("complete", j.get("status").getAsString());
        assertTrue(Files.readString(dir.resolve("out/ledger.json")).startsWith("{\"language\": \"java\""));
        assertTrue(Files.isRegularFile(dir.resolve("out/allocations.jfr")));
        assertTrue(Files.isRegularFile(dir.resolve("out/compilation.xml")), "the compilation log the verdicts came from");
        JsonObject flame = j.getAsJsonObject("flameGraph");
        for (String file : List.of("svg", "collapsed", "speedscope")) {
            assertTrue(Files.size(Path.of(flame.get(file).getAsString())) > 0, file);
        }
        assertTrue(Files.readString(dir.resolve("out/flame.svg")).contains("Boxes.main"));
    }

    @Test
    void compareRunsBothVersionsAndNamesTheSiteThatWentAway() throws Exception {
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        Files.createDirectories(before);
        Files.createDirectories(after);
        String loop = """
                public class Loop {
                    static Object sink;
                    public static void main(String[] a) {
                        long end = System.nanoTime() + 1_500_000_000L;
                        while (System.nanoTime() < end) { %s }
                    }
                }
                """;
        Files.writeString(before.resolve("Loop.java"), loop.formatted("sink = new long[64]; sink = new StringBuilder().append(end).toString();"));
        Files.writeString(after.resolve("Loop.java"), loop.formatted("sink = new StringBuilder().append(end).toString();"));
        assertEquals(0, run("ledger", before.resolve("Loop.java").toString(), "--compare", after.resolve("Loop.java").toString(),
                "--json", "--out", dir.resolve("out").toString()), err.toString());
        JsonObject j = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        boolean longsGone = false;
        for (var e : j.getAsJsonArray("sites")) {
            JsonObject site = e.getAsJsonObject();
            longsGone |= site.get("type").getAsString().equals("long[]") && site.get("match").getAsString().equals("disappeared");
        }
        assertTrue(longsGone, j.toString());
        for (String f : List.of("before/ledger.json", "after/ledger.json", "before/flame.svg", "after/flame.svg", "compare.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("out").resolve(f)), f);
        }
    }

    @Test
    void compareCompilesBothSidesBeforeEitherRuns() throws Exception {
        // The first side would run for its whole time limit; the second's compile error comes first.
        Path good = program("Good", "static Object sink; public static void main(String[] a) { for (;;) { sink = new int[8]; } }");
        Path badDir = Files.createDirectories(dir.resolve("bad"));
        Path bad = Files.writeString(badDir.resolve("Good.java"), "public class Good {\n    int x = ;\n}\n");
        assertEquals(1, run("ledger", good.toString(), "--compare", bad.toString(), "--time-limit", "60", "--out", dir.resolve("out").toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("Good.java:2:13: error: illegal start of expression"), e);
        assertFalse(Files.exists(dir.resolve("out/before/ledger.json")), "the first side ran");
    }

    @Test
    void aGoPackageGoesToTheGoLedger() throws Exception {
        Path pkg = dir.resolve("nobench");
        Files.createDirectories(pkg);
        Files.writeString(pkg.resolve("go.mod"), "module nobench\n\ngo 1.21\n");
        Files.writeString(pkg.resolve("a.go"), "package nobench\n\nfunc F() int { return 1 }\n");
        assertEquals(1, run("ledger", pkg.toString(), "--out", dir.resolve("out").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Benchmark"), err.toString());
    }

    @Test
    void aProgramThatEndsAtOnceIsToldToRunLonger() throws Exception {
        Path f = program("Quick", "public static void main(String[] a) { System.out.println(\"hi\"); }");
        assertEquals(1, run("ledger", f.toString(), "--out", dir.resolve("out").toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("lab ledger: " + f + " ended after "), e);
        assertTrue(e.contains("with no allocation sampled: give it a workload that runs for a few seconds (--args, --stdin)"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void aProgramThatThrowsAtOnceIsToldWhy() throws Exception {
        Path f = program("Throws", "public static void main(String[] a) { throw new IllegalArgumentException(\"no input\"); }");
        assertEquals(1, run("ledger", f.toString(), "--out", dir.resolve("out").toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals("lab ledger: " + f + " failed before any allocation was sampled: Exception in thread \"main\""
                + " java.lang.IllegalArgumentException: no input at Throws.main(Throws.java:2) (exit 1)\n", e);
    }

    @Test
    void aProgramThatNeverEndsIsStoppedAtTheTimeLimitWithItsLedger() throws Exception {
        Path f = program("Forever", """
                    static Object sink;
                    public static void main(String[] a) { for (long i = 0; ; i++) { sink = new int[(int) (i & 15)]; } }""");
        assertEquals(1, run("ledger", f.toString(), "--time-limit", "3", "--out", dir.resolve("out").toString()));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("run stopped (stopped at the lab's time limit of 3 s (--time-limit); give --seconds N"), o);
        assertTrue(o.contains("Forever.main:3"), o);
    }
}
