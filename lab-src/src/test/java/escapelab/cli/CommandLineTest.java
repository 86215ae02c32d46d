package escapelab.cli;

import escapelab.bench.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arguments of every ./lab command, its one usage text and its argument errors; nothing here forks a process. */
class CommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static CommandLine lab() {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** The parsed command object of {@code ./lab args...}, without running it. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String... args) {
        List<CommandLine> parsed = lab().parseArgs(args).asCommandLineList();
        return (T) parsed.get(parsed.size() - 1).getCommand();
    }

    @Test
    void helpPrintsTheOneUsageTextWithEveryCommandOfTheJarAndOfTheScript() {
        assertEquals(0, run("help"));
        String usage = out();
        assertTrue(usage.startsWith("usage: ./lab COMMAND [ARGS]\n"), usage);
        for (String command : List.of("run", "test", "jupyter", "hub", "hub-load", "nbgrader", "doctor", "setup", "jdks", "escape", "go-escape", "ledger",
                "bench", "layout", "grade", "release", "speed", "help")) {
            assertTrue(usage.contains("\n  " + command + " "), command + " missing from\n" + usage);
        }
        out.reset();
        assertEquals(0, run("--help"));
        assertEquals(usage, out(), "./lab --help and ./lab help print the same text");
    }

    /** Each command's line in the usage is the synopsis of its own --help: one text, generated from the options. */
    @ParameterizedTest
    @ValueSource(strings = {"escape", "go-escape", "ledger", "bench", "layout", "grade", "release"})
    void aCommandsHelpStartsWithItsLineOfTheUsage(String command) {
        assertEquals(0, run(command, "--help"));
        String help = out();
        // A long synopsis wraps onto indented lines, indented differently in the usage: compared word by word.
        String synopsis = help.split("\n(?! )")[0].replaceAll("\\s+", " ");
        assertTrue(synopsis.startsWith("usage: ./lab " + command + " "), help);
        out.reset();
        run("help");
        assertTrue(out().replaceAll("\\s+", " ").contains(" " + synopsis.substring("usage: ./lab ".length()) + " "),
                synopsis + " not in\n" + out());
        out.reset();
        assertEquals(0, run("help", command));
        assertEquals(help, out(), "./lab help " + command + " is ./lab " + command + " --help");
    }

    @Test
    void everyOptionOfEscapeIsRead() {
        EscapeCommand c = parsed("escape", "Demo.java", "--jdk", "/jdk/25", "--compare", "/jdk/17", "--compare", "/jdk/21",
                "--jvm-args", "-Xmx1g -XX:+UseSerialGC", "--jvm-args", "-Xint", "--json", "-v");
        assertEquals(Path.of("Demo.java"), c.file);
        assertEquals(Path.of("/jdk/25"), c.jdk);
        assertEquals(List.of(Path.of("/jdk/17"), Path.of("/jdk/21")), c.compare);
        assertEquals(List.of("-Xmx1g", "-XX:+UseSerialGC", "-Xint"), Arguments.jvmArgs(c.jvmArgs));
        assertTrue(c.json && c.verbose);
        // A JVM flag that starts with the letter of a lab option is the JVM's, not -v with more letters after it.
        EscapeCommand verboseGc = parsed("escape", "Demo.java", "--jvm-args", "-verbose:gc", "--jvm-args", "-version");
        assertEquals(List.of("-verbose:gc", "-version"), Arguments.jvmArgs(verboseGc.jvmArgs));
        assertFalse(verboseGc.verbose);
        EscapeCommand plain = parsed("escape", "Demo.java");
        assertEquals(List.of(), Arguments.jvmArgs(plain.jvmArgs));
        assertFalse(plain.json || plain.verbose);
    }

    @Test
    void everyOptionOfLedgerIsRead() {
        LedgerCommand c = parsed("ledger", "app.jar", "--cp", "lib/a.jar:lib/b", "--cp", "more.jar", "--main", "demo.Main",
                "--args", "--size 10 'two words'", "--stdin", "in.txt", "--seconds", "20", "--time-limit", "30",
                "--jvm-args", "-Xmx1g", "--jdk", "/jdk/17", "--json", "--out", "build/x");
        assertEquals(Path.of("app.jar"), c.program);
        assertEquals(List.of("lib/a.jar:lib/b", "more.jar"), c.classPath);
        assertEquals("demo.Main", c.mainClass);
        assertEquals(List.of("--size", "10", "two words"), LedgerCommand.words(c.args));
        assertEquals(Path.of("in.txt"), c.stdin);
        assertEquals(20, c.seconds);
        assertEquals(30, c.timeLimit);
        assertEquals(List.of("-Xmx1g"), Arguments.jvmArgs(c.jvmArgs));
        assertEquals(Path.of("/jdk/17"), c.jdk);
        assertTrue(c.json);
        assertEquals(Path.of("build/x"), c.out);
        LedgerCommand plain = parsed("ledger", "Demo.java");
        assertEquals(null, plain.seconds);
        assertEquals(120, plain.timeLimit);
        assertEquals(List.of(), LedgerCommand.words(plain.args));
        // An exercise name that is none lists the ones there are.
        err.reset();
        assertEquals(1, run("grade", "99-nope", "."));
        assertTrue(err().contains("99-nope is not an exercise (no tests/ folder); the exercises: 01-allocation-free, 02-"), err());
        err.reset();
        // A time limit of 0 would stop the program before it starts: refused before anything runs.
        assertEquals(1, run("ledger", "Demo.java", "--time-limit", "0"));
        assertTrue(err().contains("--time-limit must be at least 1 second, not 0"), err());
    }

    /** A folder of Go code goes the Go route (escapelab.golang), never to javac. */
    @Test
    void aGoPackageIsToldApartFromJavaSources(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("go.mod"), "module demo\n");
        assertTrue(LedgerCommand.isGoPackage(dir));
        java.nio.file.Files.delete(dir.resolve("go.mod"));
        java.nio.file.Files.writeString(dir.resolve("Main.java"), "class Main {}");
        assertFalse(LedgerCommand.isGoPackage(dir));
        java.nio.file.Files.writeString(dir.resolve("json_test.go"), "package demo\n");
        assertTrue(LedgerCommand.isGoPackage(dir));
        assertFalse(LedgerCommand.isGoPackage(dir.resolve("Main.java")));
    }

    @Test
    void everyOptionOfTheOtherCommandsIsRead() {
        GoEscapeCommand go = parsed("go-escape", "-v", "-l", "--toolchain", "go1.24.0", "--json", "makebuf.go");
        assertEquals(Path.of("makebuf.go"), go.target);
        assertTrue(go.verbose && go.noInline && go.json && !go.record);
        assertEquals("go1.24.0", go.toolchain);
        GoEscapeCommand record = parsed("go-escape", "--record");
        assertTrue(record.record);

        BenchCommand bench = parsed("bench", "B.java", "--preset", "honest", "--jvm-args", "-XX:+UseSerialGC", "--json");
        assertEquals(Preset.honest().name(), bench.preset.name());
        assertEquals(List.of("-XX:+UseSerialGC"), Arguments.jvmArgs(bench.jvmArgs));
        assertEquals(Preset.quick().name(), ((BenchCommand) parsed("bench", "B.java")).preset.name());

        LayoutCommand layout = parsed("layout", "Shapes.java", "Mixed", "--modes", "all", "--json");
        assertEquals("Mixed", layout.className);
        assertEquals("all", layout.modes);
        assertEquals("default", ((LayoutCommand) parsed("layout", "Shapes.java", "Mixed")).modes);

        GradeCommand grade = parsed("grade", "01-allocation-free", "sub", "--out", "results.json");
        assertEquals("01-allocation-free", grade.exercise);
        assertEquals(Path.of("sub"), grade.submission);
        assertEquals(Path.of("results.json"), grade.resultsFile);

        assertTrue(((ReleaseCommand) parsed("release", "--gradescope")).gradescope);
    }

    /** A bad argument: exit 1, a message naming it, the command's usage line, and never a stack trace. */
    @ParameterizedTest
    @ValueSource(strings = {
            "escape Demo.java --frob|unknown option '--frob'",
            "escape|Missing required parameter: 'FILE.java'",
            "escape Demo.java --jdk|Missing required parameter for option '--jdk' (PATH)",
            "escape A.java B.java|unexpected argument 'B.java'",
            "go-escape --toolchain|Missing required parameter for option '--toolchain' (RELEASE)",
            "go-escape a.go b.go|unexpected argument 'b.go'",
            "bench B.java --preset slow|Invalid value for option '--preset': unknown preset 'slow': use quick or honest",
            "bench B.java --jvm-args|Missing required parameter for option '--jvm-args'",
            "layout Shapes.java|Missing required parameter: 'CLASS'",
            "layout Shapes.java Mixed --modes|Missing required parameter for option '--modes'",
            "grade 01-allocation-free|Missing required parameter: 'SUBMISSION_DIR'",
            "grade 01-allocation-free sub --out|Missing required parameter for option '--out'",
            "release --all|unknown option '--all'",
            "jdks extra|unexpected argument 'extra'",
            "speed --fast|unknown option '--fast'"})
    void aBadArgumentNamesItselfAndTheUsageLine(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");
        String[] args = parts[0].split(" ");
        assertEquals(1, run(args), err());
        String command = args[0];
        assertTrue(err().startsWith("lab " + command + ": " + parts[1]), err());
        assertTrue(err().contains("\nusage: ./lab " + command), err());
        assertFalse(err().contains("Exception") || err().contains("\tat "), "no stack trace: " + err());
        assertEquals("", out());
    }

    @Test
    void anUnknownCommandOrNoneGetsTheWholeUsage() {
        assertEquals(1, run("frobnicate"));
        assertTrue(err().startsWith("lab: unknown command 'frobnicate'\nusage: ./lab COMMAND [ARGS]\n"), err());
        err.reset();
        assertEquals(1, run());
        assertTrue(err().startsWith("usage: ./lab COMMAND [ARGS]\n"), err());
        err.reset();
        assertEquals(1, run("help", "frobnicate"));
        assertTrue(err().startsWith("lab help: unknown command 'frobnicate'; the commands are run, test,"), err());
    }

    @Test
    void theScriptsOwnCommandsRunOnlyThere() {
        assertEquals(1, run("jupyter", "--port", "9999"));
        assertTrue(err().startsWith("lab jupyter: jupyter is a command of the bash script: run ./lab jupyter"), err());
    }

    /** A problem the command finds is its message and exit code; a bug is one line saying where, not a stack trace. */
    @Test
    void aFailureIsOneLine() {
        assertEquals(1, run("escape", "/no/such/Demo.java"));
        assertEquals("lab escape: no such file: /no/such/Demo.java\n", err());

        StringWriter bugErr = new StringWriter();
        CommandLine lab = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(bugErr, true));
        lab.addSubcommand("broken", new Broken()).setErr(new PrintWriter(bugErr, true)); // a command added later needs the stream too
        assertEquals(1, lab.execute("broken"));
        assertTrue(bugErr.toString().startsWith("lab broken: unexpected java.lang.IllegalStateException: no state at escapelab.cli."),
                bugErr.toString());
        assertEquals(1, bugErr.toString().lines().count(), bugErr.toString());
    }

    @CommandLine.Command(name = "broken")
    static final class Broken implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("no state");
        }
    }
}
