package escapelab.ledger;

import escapelab.ledger.Ledger.LedgerSite;
import escapelab.notebook.Html;
import escapelab.notebook.Json;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ledger as a reader sees it: a heading (program, JDK, window, total, how the run ended), the top
 * sites as a table (bytes, share, verdict, escape state, where, type, reason), and the notes.
 */
public final class LedgerView implements Renderable {
    /** Sites shown by default; the JSON has them all. */
    public static final int TOP = 20;

    private final Ledger.Run run;
    private final int top;

    public LedgerView(Ledger.Run run) {
        this(run, TOP);
    }

    public LedgerView(Ledger.Run run, int top) {
        this.run = run;
        this.top = top;
    }

    public Ledger ledger() {
        return run.ledger();
    }

    public Ledger.Run run() {
        return run;
    }

    /** The same ledger with more or fewer sites shown. */
    public LedgerView top(int n) {
        return new LedgerView(run, n);
    }

    /** The site with most bytes whose class and method are these, for a notebook to point at; null if none. */
    public LedgerSite site(String className, String method) {
        return ledger().sites().stream().filter(s -> s.className().equals(className) && s.method().equals(method))
                .findFirst().orElse(null);
    }

    public String json() {
        return Json.write(ledger());
    }

    public Table table() {
        // Go's memory profile has no types and its compiler no escape states: no empty columns for them.
        boolean go = ledger().language() == Ledger.Language.GO;
        Table t = new Table(go ? List.of("bytes", "share", "verdict", "site", "reason")
                : List.of("bytes", "share", "verdict", "escape state", "site", "type", "reason"));
        for (LedgerSite s : ledger().sites().subList(0, Math.min(top, ledger().sites().size()))) {
            String share = String.format(Locale.ROOT, "%.1f%%", 100 * s.share());
            String reason = s.reason() == null ? "" : s.reason();
            if (go) {
                t.row(bytes(s.bytes()), share, FlameGraph.word(Ledger.Language.GO, s.verdict()), where(s), reason);
            } else {
                t.row(bytes(s.bytes()), share, FlameGraph.word(Ledger.Language.JAVA, s.verdict()), s.escapeState() == null ? "" : s.escapeState(), where(s),
                        s.type() == null ? "" : s.type(), reason);
            }
        }
        return t;
    }

    /** {@code demo.Main.run:12}, as a stack trace names a line. */
    static String where(LedgerSite s) {
        return s.className() + "." + s.method() + (s.line() > 0 ? ":" + s.line() : "");
    }

    String heading() {
        Ledger l = ledger();
        String head = "Allocation ledger of " + l.program() + (l.language() == Ledger.Language.GO ? " on " : " on JDK ") + l.jdk() + ": "
                + bytes(l.totalBytes()) + " sampled in " + String.format(Locale.ROOT, "%.1f", l.seconds()) + " s, "
                + l.sites().size() + (l.sites().size() == 1 ? " allocating site" : " allocating sites") + "; run " + Json.word(l.status())
                + (l.statusDetail().isEmpty() ? "" : " (" + l.statusDetail() + ")");
        int shown = Math.min(top, l.sites().size());
        return head + (shown < l.sites().size() ? "\nthe top " + shown + " by bytes:" : "");
    }

    List<String> notes() {
        return new ArrayList<>(ledger().notes());
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(heading()).append('\n');
        if (!ledger().sites().isEmpty()) {
            b.append(table().toText());
        }
        notes().forEach(n -> b.append("note: ").append(n).append('\n'));
        return b.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><p style=\"white-space:pre-line\">").append(Html.escape(heading())).append("</p>");
        if (!ledger().sites().isEmpty()) {
            b.append(table().toHtml());
        }
        if (!notes().isEmpty()) {
            b.append("<ul>");
            notes().forEach(n -> b.append("<li>").append(Html.escape(n)).append("</li>"));
            b.append("</ul>");
        }
        return b.append("</div>").toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** 1023 B, 12.3 KiB, 4.5 MiB: the one way the ledger's views write bytes (the flame graph's). */
    static String bytes(long n) {
        return FlameGraph.bytes(n);
    }
}
