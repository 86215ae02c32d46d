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

/** Graded with JOL in two header modes, and by the API's behaviour over the whole contract. */
class ReadingTest {
    static Layout layout(Mode mode) throws Exception {
        return Layouts.of("Reading.java", Files.readString(Submission.file("Reading.java")), "Reading",
                List.of(new Layouts.Target(mode, escapelab.Lab.jdk()))).layouts().get(0);
    }

    static void assertWithinBudget() throws Exception {
        long plain = layout(Mode.DEFAULT).instanceSize();
        long compact = layout(Mode.COMPACT_HEADERS).instanceSize();
        assertTrue(plain <= 24 && compact <= 24, "a Reading takes " + plain + " bytes (default) and " + compact
                + " (compact headers); the budget is 24 in both");
    }

    @Test
    @Points(2)
    void atMost24BytesInBothHeaderModes() throws Exception {
        Reading r = new Reading(7, 21.5, true);
        assertEquals(7L, r.sensor());
        assertEquals(21.5, r.value());
        assertEquals(Boolean.TRUE, r.valid());
        assertWithinBudget();
    }

    /** The edges of the contract: any int id, any float value bit for bit, both flags. */
    @Test
    @Points(2)
    void everyValueTheContractAllowsComesBackExactly() throws Exception {
        long[] sensors = {Integer.MIN_VALUE, -1, 0, 40_000, Integer.MAX_VALUE};
        float[] values = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, 0.1f, -0.0f, 65_520f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (int i = 0; i < values.length; i++) {
            long sensor = sensors[i % sensors.length];
            double value = values[i];
            Boolean valid = i % 2 == 0;
            Reading r = new Reading(sensor, value, valid);
            assertEquals(sensor, r.sensor(), "sensor id " + sensor);
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(r.value()),
                    "value " + value + " came back as " + r.value());
            assertEquals(valid, r.valid(), "valid " + valid);
        }
        assertWithinBudget();
    }
}
