package escapelab.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlTest {
    @Test
    void qualifiedNamesBreakAfterTheirDots() {
        assertEquals("java.<wbr>lang.<wbr>Long.<wbr>valueOf:1000", Html.breakable("java.lang.Long.valueOf:1000"));
    }

    /** A hidden class's name is one long word otherwise, wider than a ledger's site column may be. */
    @Test
    void nestedAndHiddenClassNamesBreakAfterTheDollarAndBeforeTheAddress() {
        assertEquals("com.<wbr>google.<wbr>ConstructorConstructor$$<wbr>Lambda.<wbr>0x000000004405ee98.<wbr>construct",
                Html.breakable("com.google.ConstructorConstructor$$Lambda.0x000000004405ee98.construct"));
        assertEquals("OrdersJson$<wbr>Money", Html.breakable("OrdersJson$Money"));
    }

    @Test
    void numbersAndMarkupStayWhole() {
        assertEquals("4.4% of 1.3&nbsp;GiB in 20&nbsp;s", Html.breakable("4.4% of 1.3 GiB in 20 s"));
        assertEquals("2 sites", Html.breakable("2 sites"));
        assertEquals("&lt;init&gt;", Html.breakable("<init>"));
    }
}
