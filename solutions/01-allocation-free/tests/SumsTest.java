import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.grade.Points;
import escapelab.grade.Submission;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded on the live measurement: bytes per call of sum(100) after warm-up, and its result. */
class SumsTest {
    static long expected(int n) {
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += (long) i * (i + 1);
        }
        return t;
    }

    /** The submitted Sums.java with a warm-up entry point the escape engine drives. */
    static EscapeReport measure(int n) throws Exception {
        String source = Files.readString(Submission.file("Sums.java")) + "\nclass GradeDriver { static long run() { return Sums.sum(" + n + "); } }\n";
        return EscapeAnalysis.analyze("Sums.java", source, EscapeAnalysis.Options.defaults());
    }

    @Test
    @Points(2)
    void sumOf100AllocatesNothingAndIsRight() throws Exception {
        assertEquals(expected(100), Sums.sum(100), "sum(100) must keep its result");
        double bytes = measure(100).bytesPerCall().get("GradeDriver.run");
        assertEquals(0.0, bytes, "sum(100) still allocates " + bytes + " bytes per call: something keeps a Point alive");
    }
}
