package escapelab.escape;

import escapelab.escape.EscapeAnalysis.DriverOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The child JVM's stdout as the escape engine reads it: JVM flags, the driver's lines and the program's own. */
class DriverOutputTest {
    /** Trimmed from a run of a program whose main printed a line, threw, and whose static f was warmed. */
    private static final String RECORDED = """
            [Global flags]
                 bool DoEscapeAnalysis                         = true                                   {C2 product} {default}
                 intx EliminateAllocationArraySizeLimit        = 64                                     {C2 product} {default}
                 bool UseCompactObjectHeaders                  = false                                  {product lp64_product} {default}
            @@lab main Demo
            hello
            @@lab main-threw Demo main ([Ljava/lang/String;)V java.lang.IllegalStateException: boom
            @@lab harness 0
            @@lab bytes Demo f ()I 24.00
            @@lab done
            """;

    @Test
    void flagsDriverLinesAndTheProgramsOutput() {
        DriverOutput d = DriverOutput.read(RECORDED);
        assertEquals(Map.of("DoEscapeAnalysis", "true", "EliminateAllocationArraySizeLimit", "64", "UseCompactObjectHeaders", "false"),
                d.settings());
        assertEquals(Map.of("Demo.f", 24.0), d.bytes());
        assertEquals(List.of("Demo.main threw java.lang.IllegalStateException: boom"), d.threw());
        assertTrue(d.mainThrew());
        assertTrue(d.done());
        assertFalse(d.timedOut());
        assertEquals(List.of("hello"), d.programOutput());
    }

    @Test
    void whatTheJvmPrintedBeforeTheDriverStartedIsNotTheProgramsOutput() {
        // -XX:CompileCommand's value spans two lines of -XX:+PrintFlagsFinal, the second without a type or a {kind}.
        String run = """
                [Global flags]
                ccstrlist CompileCommand                           = quiet
                          CompileCommand                          += dontinline,Demo::sum            {product} {command line}
                     bool DoEscapeAnalysis                         = true                                   {C2 product} {default}
                @@lab start
                @@lab main Demo
                printed by main
                @@lab harness 0
                @@lab done
                """;
        assertEquals(List.of("printed by main"), DriverOutput.read(run).programOutput());
        assertEquals(Map.of("DoEscapeAnalysis", "true"), DriverOutput.read(run).settings());
    }

    @Test
    void aReportKeepsTheFirstLinesOfWhatTheProgramPrintedAndCountsTheRest() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= EscapeAnalysis.PRINTED_LINES + 5; i++) {
            lines.add("line " + i);
        }
        lines.set(1, "x".repeat(EscapeAnalysis.PRINTED_LINE_CHARS + 7));
        EscapeAnalysis.Printed p = EscapeAnalysis.Printed.of(lines);
        assertEquals(5, p.linesCut());
        assertEquals(EscapeAnalysis.PRINTED_LINES, p.text().lines().count());
        assertTrue(p.text().startsWith("line 1\n" + "x".repeat(EscapeAnalysis.PRINTED_LINE_CHARS) + " ... (7 more characters)\nline 3\n"));
        assertTrue(p.text().endsWith("line " + EscapeAnalysis.PRINTED_LINES + "\n"));
        assertEquals(new EscapeAnalysis.Printed("", 0), EscapeAnalysis.Printed.of(List.of()));
    }

    @Test
    void aProgramPrintingLookAlikesNeitherThrowsNorOverridesTheJvm() {
        String printed = RECORDED + """
                @@lab bytes x
                @@lab bytes A b c notanumber
                @@lab threw
                @@lab threw A f
                     bool DoEscapeAnalysis                         = false                                  {C2 product} {default}
                """;
        DriverOutput d = DriverOutput.read(printed);
        assertEquals("true", d.settings().get("DoEscapeAnalysis"), "the JVM printed its flags before the program ran");
        assertEquals(1, d.bytes().size());
        assertEquals(1, d.threw().size());
        assertFalse(DriverOutput.read("@@lab threw Demo work ()V java.lang.Error\n").mainThrew(), "a warmed method is not main");
        assertFalse(DriverOutput.read("@@lab threw Demo main ()V java.lang.Error\n").mainThrew(),
                "a static main() warmed beside the main(String[]) the driver ran is not main");
    }

    @Test
    void cutAndShuffledOutputReadsWithoutError() {
        for (int cut = 0; cut <= RECORDED.length(); cut++) {
            DriverOutput.read(RECORDED.substring(0, cut));
        }
        List<String> lines = new ArrayList<>(RECORDED.lines().toList());
        for (long seed = 0; seed < 20; seed++) {
            Collections.shuffle(lines, new Random(seed));
            assertEquals(3, DriverOutput.read(String.join("\n", lines)).settings().size());
        }
    }
}
