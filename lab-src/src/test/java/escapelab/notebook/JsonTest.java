package escapelab.notebook;

import com.google.gson.annotations.JsonAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules every --json output follows, on small records. */
class JsonTest {
    enum State { NO_ESCAPE, TIMED_OUT, LOCK }

    record Row(String name, String absent, @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) Double kept,
               State state, double ratio, List<Integer> values) {
    }

    @Test
    void nullsAreLeftOutUnlessKeptAndEnumsAreTheirHyphenatedWords() {
        assertEquals("{\"name\": \"a \\\"b\\\" <c>\\n\", \"kept\": null, \"state\": \"no-escape\", \"ratio\": 1.5, \"values\": [1, 2]}",
                Json.write(new Row("a \"b\" <c>\n", null, null, State.NO_ESCAPE, 1.5, List.of(1, 2))));
    }

    @Test
    void aNumberThatIsNotOneIsNull() {
        assertEquals("{\"name\": \"x\", \"kept\": 2.0, \"state\": \"timed-out\", \"ratio\": null}",
                Json.write(new Row("x", null, 2.0, State.TIMED_OUT, Double.NaN, null)));
        assertEquals("[null, 0.25]", Json.write(List.of(Double.POSITIVE_INFINITY, 0.25)));
    }

    @Test
    void anEnumsWordIsItsNameInLowerCaseWithHyphens() {
        assertEquals("timed-out", Json.word(State.TIMED_OUT));
        assertEquals("lock", Json.word(State.LOCK));
    }
}
