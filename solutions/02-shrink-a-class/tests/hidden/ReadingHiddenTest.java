import escapelab.grade.Points;
import escapelab.layout.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hidden: other values survive the smaller fields, and the object is within budget. */
class ReadingHiddenTest {
    @Test
    @Points(1)
    void otherValuesSurvive() throws Exception {
        Reading r = new Reading(123456, -0.25, false);
        assertEquals(123456L, r.sensor());
        assertEquals(-0.25, r.value());
        assertEquals(Boolean.FALSE, r.valid());
        assertTrue(ReadingTest.layout(Mode.DEFAULT).instanceSize() <= 24, "over budget");
    }
}
