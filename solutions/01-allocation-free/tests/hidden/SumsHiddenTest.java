import escapelab.grade.Points;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hidden: the result for other sizes, and no allocation there either. */
class SumsHiddenTest {
    @Test
    @Points(1)
    void otherSizesAreRightAndAllocateNothing() throws Exception {
        for (int n : new int[] {0, 1, 7}) {
            assertEquals(SumsTest.expected(n), Sums.sum(n), "sum(" + n + ")");
        }
        assertEquals(0.0, SumsTest.measure(7).bytesPerCall().get("GradeDriver.run"), "sum(7) allocates");
    }
}
