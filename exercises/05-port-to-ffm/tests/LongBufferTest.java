import escapelab.grade.Points;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Graded by misusing the buffer: each misuse must throw the FFM API's exception, not corrupt memory. */
class LongBufferTest {
    @Test
    @Points(2)
    void anIndexOutOfRangeThrows() {
        try (LongBuffer b = new LongBuffer(4)) {
            b.put(3, 42);
            assertEquals(42, b.get(3));
            assertThrows(IndexOutOfBoundsException.class, () -> b.put(4, 1), "put(4) on a buffer of 4 must throw");
            assertThrows(IndexOutOfBoundsException.class, () -> b.get(-1), "get(-1) must throw");
        }
    }

    @Test
    @Points(2)
    void useAfterCloseThrows() {
        LongBuffer b = new LongBuffer(4);
        b.put(0, 7);
        assertEquals(7, b.get(0));
        b.close();
        assertThrows(IllegalStateException.class, () -> b.get(0), "get after close() must throw");
    }
}
