import escapelab.grade.Points;
import escapelab.grade.Submission;
import escapelab.layout.Layout;
import escapelab.layout.Layouts;
import escapelab.layout.Mode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graded with JOL in two header modes, and by the API's behaviour. */
class ReadingTest {
    static Layout layout(Mode mode) throws Exception {
        return Layouts.of("Reading.java", Files.readString(Submission.file("Reading.java")), "Reading",
                List.of(new Layouts.Target(mode, escapelab.Lab.jdk()))).layouts().get(0);
    }

    @Test
    @Points(2)
    void atMost24BytesInBothHeaderModes() throws Exception {
        Reading r = new Reading(7, 21.5, true);
        assertEquals(7L, r.sensor());
        assertEquals(21.5, r.value());
        assertEquals(Boolean.TRUE, r.valid());
        long plain = layout(Mode.DEFAULT).instanceSize();
        long compact = layout(Mode.COMPACT_HEADERS).instanceSize();
        assertTrue(plain <= 24 && compact <= 24, "a Reading takes " + plain + " bytes (default) and " + compact
                + " (compact headers); the budget is 24 in both");
    }
}
