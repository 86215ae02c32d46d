package escapelab.ledger;

import escapelab.LabException;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Verdict;
import escapelab.ledger.LedgerCompare.Match;
import escapelab.ledger.LedgerCompare.SiteChange;
import escapelab.notebook.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerCompareTest {
    static LedgerSite site(String method, int line, String type, long bytes, Verdict verdict) {
        return new LedgerSite("demo.Main", method, "Main.java", line, type, bytes, 0, verdict, null, "", List.of());
    }

    static Ledger ledger(String program, double seconds, LedgerSite... sites) {
        long total = 0;
        for (LedgerSite s : sites) {
            total += s.bytes();
        }
        return new Ledger(Ledger.Language.JAVA, "25", program, seconds, total, Ledger.Status.COMPLETE, "", List.of(), List.of(sites), null);
    }

    /** build's Point now mostly eliminated, build's int[] moved from line 20 to 23, old() gone, fresh() new. */
    static LedgerCompare demo() {
        Ledger before = ledger("v1/Main.java", 10,
                site("build", 10, "demo.Point", 1000, Verdict.KEPT),
                site("build", 20, "int[]", 500, Verdict.NOT_COMPILED),
                site("old", 5, "java.lang.String", 300, Verdict.KEPT));
        Ledger after = ledger("v2/Main.java", 10,
                site("build", 10, "demo.Point", 100, Verdict.ELIMINATED_ELSEWHERE),
                site("build", 23, "int[]", 500, Verdict.NOT_COMPILED),
                site("fresh", 3, "java.lang.StringBuilder", 50, Verdict.KEPT));
        return LedgerCompare.of(before, after);
    }

    @Test
    void matchesByLineThenByMethodAndSortsByTheSizeOfTheChange() {
        List<SiteChange> sites = demo().sites();
        assertEquals(List.of("build:10", "old:5", "fresh:3", "build:23"),
                sites.stream().map(c -> c.method() + ":" + Math.max(c.lineBefore(), c.lineAfter())).toList());

        SiteChange point = sites.get(0);
        assertEquals(Match.LINE, point.match());
        assertEquals(-900, point.change());
        assertEquals(Verdict.KEPT, point.verdictBefore());
        assertEquals(Verdict.ELIMINATED_ELSEWHERE, point.verdictAfter());
        assertTrue(point.verdictChanged());

        SiteChange old = sites.get(1);
        assertEquals(Match.DISAPPEARED, old.match());
        assertEquals(-1, old.lineAfter());
        assertEquals(null, old.verdictAfter());
        assertFalse(old.verdictChanged());

        SiteChange fresh = sites.get(2);
        assertEquals(Match.APPEARED, fresh.match());
        assertEquals(50, fresh.change());

        SiteChange array = sites.get(3);
        assertEquals(Match.METHOD, array.match());
        assertEquals(20, array.lineBefore());
        assertEquals(23, array.lineAfter());
        assertEquals(0, array.change());
        assertFalse(array.verdictChanged());
    }

    @Test
    void severalMovedSitesOfOneTypePairInLineOrder() {
        Ledger before = ledger("a", 5, site("f", 10, "demo.Point", 70, Verdict.KEPT), site("f", 20, "demo.Point", 30, Verdict.KEPT));
        Ledger after = ledger("b", 5, site("f", 15, "demo.Point", 60, Verdict.KEPT), site("f", 25, "demo.Point", 40, Verdict.KEPT));
        List<SiteChange> sites = LedgerCompare.of(before, after).sites();
        assertEquals(2, sites.size());
        assertTrue(sites.stream().allMatch(c -> c.match() == Match.METHOD));
        assertTrue(sites.stream().allMatch(c -> c.lineAfter() - c.lineBefore() == 5), sites.toString());
    }

    @Test
    void anUnevenNumberOfMovedSitesPairsTheNearestLines() {
        Ledger before = ledger("a", 5, site("f", 10, "demo.Point", 70, Verdict.KEPT), site("f", 40, "demo.Point", 30, Verdict.KEPT));
        Ledger after = ledger("b", 5, site("f", 42, "demo.Point", 60, Verdict.KEPT));
        List<SiteChange> sites = LedgerCompare.of(before, after).sites();
        SiteChange moved = sites.stream().filter(c -> c.match() == Match.METHOD).findFirst().orElseThrow();
        assertEquals(40, moved.lineBefore());
        assertEquals(42, moved.lineAfter());
        assertEquals(10, sites.stream().filter(c -> c.match() == Match.DISAPPEARED).findFirst().orElseThrow().lineBefore());
    }

    @Test
    void aTypeOrMethodThatChangedIsNotAMatch() {
        Ledger before = ledger("a", 5, site("f", 10, "demo.Point", 70, Verdict.KEPT));
        Ledger after = ledger("b", 5, site("f", 10, "demo.Vector", 70, Verdict.KEPT), site("g", 10, "demo.Point", 70, Verdict.KEPT));
        List<Match> matches = LedgerCompare.of(before, after).sites().stream().map(SiteChange::match).sorted().toList();
        assertEquals(List.of(Match.APPEARED, Match.APPEARED, Match.DISAPPEARED), matches);
    }

    @Test
    void theViewSaysWhatChangedAndTheTotals() {
        LedgerCompare c = demo();
        String text = c.toText();
        assertTrue(text.contains("Before: v1/Main.java, 1.8 KiB in 10.0 s. After: v2/Main.java, 650 B in 10.0 s."), text);
        assertTrue(text.contains("1 sites appeared, 1 disappeared, 1 changed verdict."), text);
        assertTrue(text.contains("moved from line 20, matched by method"), text);
        assertTrue(text.contains("A site marked \"moved\""), text);
        List<List<String>> rows = c.table(10).rows();
        assertEquals(List.of("Main.build:10", "demo.Point", "1000 B", "100 B", "-900 B", "kept by C2", "eliminated elsewhere",
                "verdict changed"), rows.getFirst());
        assertEquals(List.of("Main.fresh:3", "java.lang.StringBuilder", "0 B", "50 B", "+50 B", "-", "kept by C2", "appeared"), rows.get(2));
        assertTrue(c.toHtml().startsWith("<table"));
        assertEquals(2, c.table(2).rows().size());
    }

    @Test
    void notesWindowsOfDifferentLength() {
        Ledger before = ledger("a", 10, site("f", 10, "demo.Point", 70, Verdict.KEPT));
        Ledger after = ledger("b", 20, site("f", 10, "demo.Point", 140, Verdict.KEPT));
        assertTrue(LedgerCompare.of(before, after).notes().getFirst().startsWith("The measured windows differ (10.0 s before, 20.0 s after)"));
        assertTrue(LedgerCompare.of(before, before).notes().isEmpty());
    }

    @Test
    void isWrittenAsTheLabsJson() {
        String json = Json.write(demo());
        assertTrue(json.startsWith("{\"language\": \"java\", \"before\": \"v1/Main.java\""), json);
        assertTrue(json.contains("{\"class\": \"demo.Main\", \"method\": \"build\", \"type\": \"int[]\", \"lineBefore\": 20,"
                + " \"lineAfter\": 23, \"match\": \"method\", \"bytesBefore\": 500, \"bytesAfter\": 500, \"change\": 0,"), json);
        assertTrue(json.contains("\"verdictBefore\": \"kept\", \"verdictAfter\": \"eliminated-elsewhere\", \"verdictChanged\": true"), json);
    }

    @Test
    void refusesToCompareJavaWithGo() {
        Ledger go = new Ledger(Ledger.Language.GO, "go1.26", "./json", 1, 0, Ledger.Status.COMPLETE, "", List.of(), List.of(), null);
        LabException e = assertThrows(LabException.class, () -> LedgerCompare.of(ledger("a", 1), go));
        assertEquals(LabException.INPUT, e.exitCode());
    }
}
