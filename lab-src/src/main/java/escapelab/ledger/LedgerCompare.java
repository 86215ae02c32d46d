package escapelab.ledger;

import com.google.gson.annotations.SerializedName;
import escapelab.LabException;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Verdict;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Two ledgers of two versions of a program side by side, site by site: which allocating lines
 * appeared, disappeared, changed their bytes or their verdict. A site is its class, method, line
 * and type; editing a file moves lines, so a site left without a partner on its line is matched
 * with one of the same class, method and type on another line, and the comparison says so.
 * Written as JSON by {@link escapelab.notebook.Json}.
 *
 * @param language   the language of both runs, whose words the verdicts are shown in
 * @param before     the program measured first
 * @param after      the changed program
 * @param secondsBefore the measured window of the first run
 * @param secondsAfter  the measured window of the second run
 * @param bytesBefore all sampled bytes of the first run
 * @param bytesAfter  all sampled bytes of the second run
 * @param notes      what a reader needs to know before comparing the figures
 * @param sites      every site of either run, the largest change of bytes first
 */
public record LedgerCompare(Ledger.Language language, String before, String after, double secondsBefore, double secondsAfter, long bytesBefore,
                            long bytesAfter, List<String> notes, List<SiteChange> sites) implements Renderable {

    /** How a site of one run found its partner in the other. */
    public enum Match {
        /** Same class, method, line and type. */
        LINE,
        /** Same class, method and type on another line: the line moved. */
        METHOD,
        /** Only in the second run. */
        APPEARED,
        /** Only in the first run. */
        DISAPPEARED
    }

    /**
     * One site in both runs (or in one of them).
     *
     * @param lineBefore    the line in the first run, -1 when the site appeared
     * @param lineAfter     the line in the second run, -1 when the site disappeared
     * @param change        bytesAfter - bytesBefore
     * @param verdictBefore null when the site appeared
     * @param verdictAfter  null when the site disappeared
     * @param verdictChanged both runs have the site and their verdicts differ
     */
    public record SiteChange(@SerializedName("class") String className, String method, String type, int lineBefore,
                             int lineAfter, Match match, long bytesBefore, long bytesAfter, long change,
                             double shareBefore, double shareAfter, Verdict verdictBefore, Verdict verdictAfter,
                             boolean verdictChanged) {
    }

    /** Windows this far apart in length make raw bytes unfair to compare. */
    private static final double WINDOW_TOLERANCE = 0.10;

    public static LedgerCompare of(Ledger before, Ledger after) {
        if (before.language() != after.language()) {
            throw LabException.input("--compare needs two programs of one language; the first is " + before.language()
                    + ", the second " + after.language());
        }
        List<SiteChange> changes = new ArrayList<>();
        List<LedgerSite> leftBefore = new ArrayList<>(before.sites());
        List<LedgerSite> leftAfter = new ArrayList<>();

        Map<SiteKey, List<LedgerSite>> byLine = new HashMap<>();
        for (LedgerSite s : before.sites()) {
            byLine.computeIfAbsent(new SiteKey(s.className(), s.method(), s.line(), s.type()), k -> new ArrayList<>()).add(s);
        }
        for (LedgerSite a : after.sites()) {
            List<LedgerSite> same = byLine.getOrDefault(new SiteKey(a.className(), a.method(), a.line(), a.type()), List.of());
            if (same.isEmpty()) {
                leftAfter.add(a);
            } else {
                LedgerSite b = same.removeFirst();
                leftBefore.remove(b);
                changes.add(change(b, a, Match.LINE));
            }
        }

        // What is left is paired within its class, method and type.
        Map<SiteKey, List<LedgerSite>> beforeByMethod = new LinkedHashMap<>();
        Map<SiteKey, List<LedgerSite>> afterByMethod = new LinkedHashMap<>();
        leftBefore.forEach(s -> beforeByMethod.computeIfAbsent(methodKey(s), k -> new ArrayList<>()).add(s));
        leftAfter.forEach(s -> afterByMethod.computeIfAbsent(methodKey(s), k -> new ArrayList<>()).add(s));
        for (Map.Entry<SiteKey, List<LedgerSite>> e : afterByMethod.entrySet()) {
            List<LedgerSite> bs = beforeByMethod.getOrDefault(e.getKey(), new ArrayList<>());
            pair(bs, e.getValue(), changes);
            beforeByMethod.remove(e.getKey());
        }
        beforeByMethod.values().forEach(bs -> bs.forEach(b -> changes.add(change(b, null, Match.DISAPPEARED))));

        changes.sort(Comparator.comparingLong((SiteChange c) -> -Math.abs(c.change())).thenComparing(SiteChange::className)
                .thenComparing(SiteChange::method).thenComparingInt(c -> Math.max(c.lineBefore(), c.lineAfter()))
                .thenComparing(SiteChange::type));

        List<String> notes = new ArrayList<>();
        double longer = Math.max(before.seconds(), after.seconds());
        if (longer > 0 && Math.abs(before.seconds() - after.seconds()) > WINDOW_TOLERANCE * longer) {
            notes.add(String.format(Locale.ROOT, "The measured windows differ (%.1f s before, %.1f s after): compare the shares,"
                    + " or bytes per second, rather than the bytes.", before.seconds(), after.seconds()));
        }
        if (changes.stream().anyMatch(c -> c.match() == Match.METHOD)) {
            notes.add("A site marked \"moved\" has no partner on its line; it was matched with a site of the same class,"
                    + " method and type on another line (several such sites pair in line order).");
        }
        return new LedgerCompare(before.language(), before.program(), after.program(), before.seconds(), after.seconds(), before.totalBytes(),
                after.totalBytes(), notes, changes);
    }

    /** A site as the comparison keys it; line -1 to key by method. */
    private record SiteKey(String className, String method, int line, String type) {
    }

    private static SiteKey methodKey(LedgerSite s) {
        return new SiteKey(s.className(), s.method(), -1, s.type());
    }

    /**
     * Pairs one method's unmatched sites of one type. As many on each side: in line order, as code
     * inserted above them shifts them all alike. Otherwise the nearest lines first; the rest appeared
     * or disappeared.
     */
    private static void pair(List<LedgerSite> before, List<LedgerSite> after, List<SiteChange> changes) {
        before.sort(Comparator.comparingInt(LedgerSite::line));
        after.sort(Comparator.comparingInt(LedgerSite::line));
        if (before.size() == after.size()) {
            for (int i = 0; i < before.size(); i++) {
                changes.add(change(before.get(i), after.get(i), Match.METHOD));
            }
            return;
        }
        List<LedgerSite> bs = new ArrayList<>(before);
        List<LedgerSite> as = new ArrayList<>(after);
        while (!bs.isEmpty() && !as.isEmpty()) {
            LedgerSite bestB = null;
            LedgerSite bestA = null;
            for (LedgerSite b : bs) {
                for (LedgerSite a : as) {
                    if (bestB == null || Math.abs(b.line() - a.line()) < Math.abs(bestB.line() - bestA.line())) {
                        bestB = b;
                        bestA = a;
                    }
                }
            }
            bs.remove(bestB);
            as.remove(bestA);
            changes.add(change(bestB, bestA, Match.METHOD));
        }
        bs.forEach(b -> changes.add(change(b, null, Match.DISAPPEARED)));
        as.forEach(a -> changes.add(change(null, a, Match.APPEARED)));
    }

    private static SiteChange change(LedgerSite b, LedgerSite a, Match match) {
        LedgerSite any = b != null ? b : a;
        long bytesBefore = b == null ? 0 : b.bytes();
        long bytesAfter = a == null ? 0 : a.bytes();
        Verdict vb = b == null ? null : b.verdict();
        Verdict va = a == null ? null : a.verdict();
        return new SiteChange(any.className(), any.method(), any.type(), b == null ? -1 : b.line(), a == null ? -1 : a.line(),
                match, bytesBefore, bytesAfter, bytesAfter - bytesBefore, b == null ? 0 : b.share(), a == null ? 0 : a.share(),
                vb, va, b != null && a != null && !Objects.equals(vb, va));
    }

    /** What changed at a site, in a word or two: the table's last column. */
    static String what(SiteChange c) {
        List<String> parts = new ArrayList<>();
        switch (c.match()) {
            case APPEARED -> parts.add("appeared");
            case DISAPPEARED -> parts.add("disappeared");
            case METHOD -> parts.add("moved from line " + c.lineBefore() + ", matched by method");
            case LINE -> {
            }
        }
        if (c.verdictChanged()) {
            parts.add("verdict changed");
        }
        return String.join("; ", parts);
    }

    private static String where(SiteChange c) {
        String simple = FlameGraph.simpleName(c.className());
        int line = c.lineAfter() >= 0 ? c.lineAfter() : c.lineBefore();
        return simple + "." + c.method() + (line >= 0 ? ":" + line : "");
    }

    private static String signed(long n) {
        return (n > 0 ? "+" : n < 0 ? "-" : "") + FlameGraph.bytes(Math.abs(n));
    }

    private String verdict(Verdict v) {
        return v == null ? "-" : FlameGraph.word(language, v);
    }

    /** The sites as a table, the largest change first; {@code limit} rows at most (the rest are counted in the caption). */
    public Table table(int limit) {
        Table t = new Table(List.of("site", "type", "bytes before", "bytes after", "change", "verdict before", "verdict after",
                "what changed"));
        sites.stream().limit(limit).forEach(c -> t.row(where(c), c.type(), FlameGraph.bytes(c.bytesBefore()),
                FlameGraph.bytes(c.bytesAfter()), signed(c.change()), verdict(c.verdictBefore()), verdict(c.verdictAfter()),
                what(c)));
        String more = sites.size() > limit ? String.format(Locale.ROOT, " (the %d largest changes of %d sites)", limit, sites.size()) : "";
        return t.caption(summary() + more);
    }

    /** Totals and the counts of sites that appeared, disappeared or changed verdict. */
    public String summary() {
        long appeared = sites.stream().filter(c -> c.match() == Match.APPEARED).count();
        long disappeared = sites.stream().filter(c -> c.match() == Match.DISAPPEARED).count();
        long verdicts = sites.stream().filter(SiteChange::verdictChanged).count();
        return String.format(Locale.ROOT, "Before: %s, %s in %.1f s. After: %s, %s in %.1f s. Change: %s. %d sites appeared,"
                        + " %d disappeared, %d changed verdict.", before, FlameGraph.bytes(bytesBefore), secondsBefore, after,
                FlameGraph.bytes(bytesAfter), secondsAfter, signed(bytesAfter - bytesBefore), appeared, disappeared, verdicts);
    }

    static final int ROWS = 40;

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(table(ROWS).toText());
        notes.forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder(table(ROWS).toHtml());
        notes.forEach(n -> b.append("<p>").append(Html.escape(n)).append("</p>"));
        return b.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
