package escapelab.cli;

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

/** ./lab escape's contract: Go-style lines, the JSON of DESIGN.md, and exit codes 1 and 2. */
class EscapeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path demo(Path dir) throws Exception {
        return Files.writeString(dir.resolve("Demo.java"), """
                public class Demo {
                    static Object sink;
                    static int seed = 2;
                    static int kept() {
                        Object o = new Object();
                        sink = o;
                        return seed;
                    }
                }
                """);
    }

    @Test
    @Tag("live")
    void printsOneLinePerSiteInGosStyle(@TempDir Path dir) throws Exception {
        assertEquals(0, run("escape", demo(dir).toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().anyMatch(l -> l.equals("Demo.java:5:20: new Object escapes: stored to static field Demo.sink (line 6)"
                + " [16 B per call of Demo.kept]")), text);
    }

    @Test
    @Tag("live")
    void jsonHasTheFieldsOfTheContract(@TempDir Path dir) throws Exception {
        assertEquals(0, run("escape", demo(dir).toString(), "--json"));
        String json = out.toString(StandardCharsets.UTF_8);
        for (String field : new String[] {"\"jdk\": \"", "\"flags\": [", "\"sites\": [", "\"file\": \"Demo.java\"", "\"line\": 5",
                "\"column\": 20", "\"kind\": \"allocation\"", "\"type\": \"Object\"", "\"method\": \"Demo.kept\"",
                "\"verdict\": \"kept\"", "\"reason\": \"stored to static field Demo.sink (line 6)\"",
                "\"contexts\": [{\"compiledMethod\": \"Demo.kept\"", "\"eliminated\": false"}) {
            assertTrue(json.contains(field), field + " missing from " + json);
        }
    }

    @Test
    @Tag("live")
    void compareMayBeRepeatedOneReportAJdk(@TempDir Path dir) throws Exception {
        String home = escapelab.jvm.Jdk.current().home().toString();
        assertEquals(0, run("escape", demo(dir).toString(), "--compare", home, "--compare", home, "--json"));
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("["), json);
        assertEquals(3, json.split("\"sites\": \\[", -1).length - 1, json);
    }

    @Test
    @Tag("live")
    void compareKeepsTheJdksOrderAndAJdkTheProgramIsTooNewForGetsJavacsErrorForIt(@TempDir Path dir) throws Exception {
        var jdk17 = escapelab.jvm.JdkFinder.fromEnvironment().release(17);
        Assumptions.assumeTrue(jdk17.isPresent(), "no JDK 17 (apt-get install openjdk-17-jdk); skipped");
        String home17 = jdk17.get().home().toString();
        // The JDKs run side by side; the reports still come in the order the command line gives.
        assertEquals(0, run("escape", demo(dir).toString(), "--compare", home17, "--json"));
        String json = out.toString(StandardCharsets.UTF_8);
        int at25 = json.indexOf("\"jdk\": \"" + escapelab.jvm.Jdk.current().version() + "\"");
        int at17 = json.indexOf("\"jdk\": \"" + jdk17.get().version() + "\"");
        assertTrue(at25 >= 0 && at17 > at25, json);
        // A switch over patterns needs release 21: the lab's JDK still reports, JDK 17's report is javac's refusal.
        Path newer = Files.writeString(dir.resolve("Newer.java"), """
                public class Newer {
                    record P(int x) {}
                    static int f(Object o) { return switch (o) { case P p -> p.x(); default -> 0; }; }
                }
                """);
        out.reset();
        assertEquals(1, run("escape", newer.toString(), "--compare", home17));
        String reports = out.toString(StandardCharsets.UTF_8);
        assertTrue(reports.contains("# Newer.java on JDK " + escapelab.jvm.Jdk.current().version() + "\n")
                && reports.contains("# Newer.java on JDK " + jdk17.get().version() + "\n# compile-error: javac --release 17 refused it"), reports);
        assertTrue(reports.contains("Newer.java:3:55: error: patterns in switch statements are not supported in -source 17"), reports);
        // When no JDK's javac takes it, javac's error is the answer, as without --compare.
        Path broken = Files.writeString(dir.resolve("Broken.java"), "public class Broken {\n    int x = ;\n}\n");
        assertEquals(1, run("escape", broken.toString(), "--compare", home17));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("Broken.java:2:13: error: illegal start of expression"), message);
    }

    @Test
    void aMissingFileIsAnInputError() {
        assertEquals(1, run("escape", "/no/such/Demo.java"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: /no/such/Demo.java"));
    }

    @Test
    void aFolderOrAPipeIsNamedForWhatItIs(@TempDir Path dir) throws Exception {
        assertEquals(1, run("escape", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(dir + " is a folder; give the .java file in it"), err.toString());
        err.reset();
        assertEquals(1, run("escape", "/dev/null"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/dev/null is not a regular file"), err.toString());
    }

    @Test
    void aCompileErrorExitsOneWithFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("Bad.java"), "public class Bad {\n    int x = ;\n}\n");
        assertEquals(1, run("escape", bad.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Bad.java:2:13: error: illegal start of expression"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oddProgramsGetTheirReportAndExitOneWithoutAStackTrace(@TempDir Path dir) throws Exception {
        // main throws; the program exits in a static initialiser; it prints the driver's protocol lines itself
        Path throwing = Files.writeString(dir.resolve("Throws.java"),
                "public class Throws { public static void main(String[] a) { throw new IllegalStateException(\"boom\"); } }\n");
        assertEquals(1, run("escape", throwing.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("# exited: Throws.main threw java.lang.IllegalStateException: boom"),
                out.toString(StandardCharsets.UTF_8));
        Path exiting = Files.writeString(dir.resolve("Quits.java"),
                "public class Quits { static { System.exit(3); } static int f() { return new Object().hashCode(); } }\n");
        assertEquals(1, run("escape", exiting.toString()));
        Path faking = Files.writeString(dir.resolve("Fake.java"), "public class Fake { public static void main(String[] a) {"
                + " System.out.println(\"@@lab bytes x\"); System.out.println(\"@@lab threw A b\"); } }\n");
        assertEquals(0, run("escape", faking.toString()));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJdkPathThatIsNoJdkExitsTwoWithTheFix(@TempDir Path dir) throws Exception {
        assertEquals(2, run("escape", demo(dir).toString(), "--jdk", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(dir + " is not a JDK"), err.toString(StandardCharsets.UTF_8));
    }
}
