package escapelab.ledger;

import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Stack;
import escapelab.ledger.Ledger.Status;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebook's and the terminal's view of a ledger built here. */
class LedgerViewTest {
    private static final LedgerSite KEPT = new LedgerSite("demo.Main", "keep", "Main.java", 5, "long[]", 3 * 1024 * 1024, 0.75,
            Verdict.KEPT, "GlobalEscape", "escapes: stored to static field Main.sink (line 5)",
            List.of(new Stack(List.of(new Frame("demo.Main", "keep", 5), new Frame("demo.Main", "main", 9)), 3 * 1024 * 1024)));
    private static final LedgerSite COPY = new LedgerSite("java.util.Arrays", "copyOf", null, 3478, "java.lang.Object[]", 1024 * 1024,
            0.25, Verdict.NO_SITE, null, "the instruction at bytecode index 6 is a call to java.util.Arrays.copyOf", List.of());
    private static final Ledger LEDGER = new Ledger(Ledger.Language.JAVA, "25.0.3", "Main.java (main demo.Main)", 20.04,
            4 * 1024 * 1024, Status.STOPPED, "stopped after 20 s of measuring", List.of("a note"), List.of(KEPT, COPY), null);

    @Test
    void textShowsTheHeadingEachSiteAndTheNotes() {
        String text = new LedgerView(new Ledger.Run(LEDGER, List.of())).toText();
        assertTrue(text.startsWith("Allocation ledger of Main.java (main demo.Main) on JDK 25.0.3: 4.0 MiB sampled in 20.0 s,"
                + " 2 allocating sites; run stopped (stopped after 20 s of measuring)\n"), text);
        assertTrue(text.contains("3.0 MiB  75.0%  kept by C2          GlobalEscape  demo.Main.keep:5"), text);
        assertTrue(text.contains("no allocation site"), text);
        assertTrue(text.endsWith("note: a note\n"), text);
        String top1 = new LedgerView(new Ledger.Run(LEDGER, List.of()), 1).toText();
        assertTrue(top1.contains("the top 1 by bytes:") && !top1.contains("copyOf"), top1);
    }

    @Test
    void htmlIsATableAndJsonTheContract() {
        LedgerView v = new LedgerView(new Ledger.Run(LEDGER, List.of()));
        assertTrue(v.toHtml().contains("<table") && v.toHtml().contains("<li>a note</li>"), v.toHtml());
        String json = v.json();
        assertTrue(json.contains("\"flameGraph\": null"), json);
        assertTrue(json.contains("\"class\": \"java.util.Arrays\"") && json.contains("\"escapeState\": null"), json);
        assertTrue(json.contains("\"verdict\": \"eliminated-elsewhere\"") || json.contains("\"verdict\": \"kept\""), json);
        assertEquals(KEPT, v.site("demo.Main", "keep"));
    }

    @Test
    void aGoLedgerNamesTheToolchainAndHasNoTypeOrEscapeStateColumns() {
        LedgerSite append = new LedgerSite("encoding/json", "Marshal", "encode.go", 213, null, 1024 * 1024, 1.0, Verdict.KEPT, null,
                "encode.go:213:15: append([]byte(nil), ~r0...) escapes to heap in Marshal", List.of());
        Ledger go = new Ledger(Ledger.Language.GO, "go1.26.8", "gojson -bench .", 1.2, 1024 * 1024, Status.COMPLETE, "",
                List.of(), List.of(append), null);
        LedgerView v = new LedgerView(new Ledger.Run(go, List.of()));
        assertTrue(v.toText().startsWith("Allocation ledger of gojson -bench . on go1.26.8: 1.0 MiB"), v.toText());
        assertEquals(List.of("bytes", "share", "verdict", "site", "reason"), v.table().headers());
        assertTrue(v.toText().contains("encoding/json.Marshal:213"), v.toText());
    }

    @Test
    void bytesArePowersOf1024() {
        assertEquals("1023 B", LedgerView.bytes(1023));
        assertEquals("1.5 KiB", LedgerView.bytes(1536));
        assertEquals("14.5 GiB", LedgerView.bytes((long) (14.5 * 1024 * 1024 * 1024)));
    }
}
