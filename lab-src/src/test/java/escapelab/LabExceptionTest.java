package escapelab;

import escapelab.escape.Escape;
import escapelab.jvm.CompileError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a learner sees of a refused input: the message, not the lab's stack frames (JJava prints every frame of a cell's exception). */
class LabExceptionTest {
    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aRefusedInputPrintsAsItsMessageAlone() {
        LabException e = LabException.input("Mine.txt: not a .java file");
        assertEquals(0, e.getStackTrace().length);
        assertEquals("escapelab.LabException: Mine.txt: not a .java file", printed(e).strip());
    }

    @Test
    void aCauseKeepsItsOwnTrace() {
        LabException e = new LabException(LabException.ENVIRONMENT, "cannot write", new IOException("disk full"));
        assertTrue(printed(e).contains("Caused by: java.io.IOException: disk full\n\tat "), printed(e));
    }

    /** The lines javac counts are the text's: in a cell, line 1 is the line after the opening """. */
    @Test
    void aCompileErrorInCellTextSaysWhereItsLinesCountFrom() {
        String text = """
                class Mine {
                    static int f() {
                        return nope;
                    }
                }
                """;
        CompileError e = assertThrows(CompileError.class,
                () -> Escape.source("Mine.java", text));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("Mine.java:3:16: error: cannot find symbol", lines.get(0));
        assertTrue(lines.contains("            return nope;"), e.getMessage());
        assertEquals("(line numbers count from the first line of the text passed as Mine.java, the line after the opening \"\"\", "
                + "not from the top of the cell)", lines.get(lines.size() - 1));
        assertEquals(0, e.getStackTrace().length);
    }
}
