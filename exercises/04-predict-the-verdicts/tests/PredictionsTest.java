import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.grade.Points;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Graded against the live escape engine on the exercise's own copy of Program.java. */
class PredictionsTest {
    static final String PROGRAM = """
            // The program whose allocations you predict. Do not edit it: the grader uses its own copy.
            public class Program {
                record Point(int x, int y) {}

                static Point last;
                static int seed = 3;
                static int[] shared = new int[1];

                static int local() {
                    int total = 0;
                    for (int i = 0; i < 100; i++) {
                        Point p = new Point(i, seed);
                        total += p.x() + p.y();
                    }
                    return total;
                }

                static int stored() {
                    Point p = new Point(seed, seed);
                    last = p;
                    return p.x();
                }

                static int bigArray() {
                    int[] a = new int[200];
                    a[0] = seed;
                    return a[seed & 1];
                }

                static int smallArray() {
                    int[] a = new int[4];
                    a[1] = seed;
                    return a[1];
                }
            }
            """;

    @Test
    @Points(4)
    void everyPredictionMatchesTheLiveVerdict() {
        EscapeReport r = EscapeAnalysis.analyze("Program.java", PROGRAM, EscapeAnalysis.Options.defaults());
        Map<Integer, String> live = new TreeMap<>();
        r.sites().stream().filter(v -> v.verdict() != EscapeReport.Verdict.NOT_COMPILED)
                .forEach(v -> live.put(v.site().line(), v.verdict().toString()));
        Map<Integer, String> predicted = new TreeMap<>(Predictions.byLine());
        int wrong = 0;
        StringBuilder why = new StringBuilder();
        for (var e : live.entrySet()) {
            if (!e.getValue().equals(predicted.get(e.getKey()))) {
                wrong++;
                why.append(" line ").append(e.getKey()).append(": you said ").append(predicted.get(e.getKey())).append(";");
            }
        }
        assertEquals(0, wrong, wrong + " of " + live.size() + " predictions differ from C2:" + why);
    }
}
