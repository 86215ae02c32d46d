package escapelab.escape;

import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpectationsTest {
    private static final MethodRef M = new MethodRef("Demo", "m", "()I");

    private static Finding verdict(int line, int column, Verdict verdict, EscapeState state, String reason) {
        Site s = new Site("Demo.java", line, column, Site.Kind.ALLOCATION, "new Point", "Point", M, 0, -1, false);
        return new Finding(s, verdict, state, reason.isEmpty() ? List.of() : List.of(reason), List.of(), List.of(), null);
    }

    private static EscapeReport report(Finding... v) {
        return new EscapeReport("Demo.java", "25.0.3", List.of(), Status.COMPLETE, "", List.of(v), Map.of(), "", 0, Map.of(), "");
    }

    @Test
    void readsDefaultsAndReleaseOverrides() {
        String src = "a\n p = new P(); // EXPECT \"does not escape\" EXPECT17 \"escapes: merged\"\n";
        assertEquals(Map.of(2, List.of("does not escape")), Expectations.read(src, 25));
        assertEquals(Map.of(2, List.of("escapes: merged")), Expectations.read(src, 17));
    }

    @Test
    void aReleaseNumberTooLongIsNoReleaseTag() {
        String src = "a\n p = new P(); // EXPECT \"does not escape\" EXPECT99999999999 \"x\"\n";
        assertEquals(Map.of(2, List.of("does not escape", "x")), Expectations.read(src, 25), "was a NumberFormatException");
    }

    @Test
    void checksBothWays() {
        String src = "x\ny // EXPECT \"does not escape\"\nz // EXPECT \"escapes: stored\"\n";
        EscapeReport r = report(verdict(2, 5, Verdict.KEPT, EscapeState.GLOBAL_ESCAPE, "stored to static field Demo.s (line 2)"),
                verdict(4, 5, Verdict.ELIMINATED, EscapeState.NO_ESCAPE, ""));
        assertEquals(List.of(
                "Demo.java:2: expected \"does not escape\" but JDK 25.0.3 says: new Point escapes: stored to static field Demo.s (line 2)",
                "Demo.java:3: missing site for expectation \"escapes: stored\"",
                "Demo.java:4: unexpected: new Point does not escape (scalar replaced in )"), Expectations.check(src, r, 25));
    }

    @Test
    void anEliminatedKeyDoesNotMatchANoEscapeObjectThatWasKept() {
        String src = "x\ny // EXPECT \"does not escape \\(\"\n";
        EscapeReport r = report(verdict(2, 5, Verdict.KEPT, EscapeState.NO_ESCAPE, "array length is not a constant"));
        assertEquals(List.of("Demo.java:2: expected \"does not escape \\(\" but JDK 25.0.3 says: new Point does not escape,"
                + " but is not scalar-replaced: array length is not a constant"), Expectations.check(src, r, 25));
    }

    @Test
    void messagesSayEscapesOnlyForGlobalEscape() {
        for (EscapeState state : EscapeState.values()) {
            String m = verdict(2, 5, Verdict.KEPT, state, "why").message();
            assertEquals(state == EscapeState.GLOBAL_ESCAPE, m.contains("escapes"), m);
        }
    }

    @Test
    void rewritesFromTheLiveVerdictsKeepingOtherReleases() {
        String src = "x\n  p = new P();   // EXPECT \"old\" EXPECT17 \"seventeen\"\n";
        EscapeReport r = report(verdict(2, 7, Verdict.KEPT, EscapeState.NO_ESCAPE, "array of 100 elements exceeds EliminateAllocationArraySizeLimit (64) (line 2)"));
        assertEquals("x\n  p = new P();   // EXPECT \"does not escape, but is not scalar-replaced: array of 100 elements exceeds EliminateAllocationArraySizeLimit \\(64\\)\" EXPECT17 \"seventeen\"\n",
                Expectations.rewrite(src, r, 25, true));
    }
}
