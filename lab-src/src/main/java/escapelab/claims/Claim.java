package escapelab.claims;

import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

/**
 * One of the article's claims next to what this machine measured. The claims, numbered in the
 * article's order, are the methods of {@link Claims}; notebook 06-checking-the-claims shows them as one table.
 *
 * @param article  the article's figure or words
 * @param measured what the run measured, with its numbers
 * @param why      one sentence: what the measurement shows about the claim
 * @param seeAlso  the notebook that shows it in full, or ""
 */
public record Claim(int number, String where, String claim, String article, String measured, Verdict verdict, String why,
                    String seeAlso) implements Renderable {

    public enum Verdict {
        HOLDS("holds", "#d8f0d8"), PARTLY("partly", "#fbeccc"), WRONG("wrong", "#fbd9d3"),
        NOT_MEASURED("not measured here", "#e8e8e8");

        final String label;
        final String colour;

        Verdict(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Override
    public String toText() {
        return "Claim " + number + " (" + where + "): " + claim + "\n  article:  " + article + "\n  measured: " + measured
                + "\n  verdict:  " + verdict + ". " + why + (seeAlso.isEmpty() ? "" : "\n  see:      " + seeAlso) + "\n";
    }

    @Override
    public String toHtml() {
        return "<div style=\"border-left:6px solid " + verdict.colour + ";padding:4px 10px;margin:6px 0\">"
                + "<b>Claim " + number + "</b> (" + Html.escape(where) + "): " + Html.escape(claim) + "<br/>"
                + "<b>Article:</b> " + Html.escape(article) + "<br/>"
                + "<b>Measured:</b> " + Html.escape(measured) + "<br/>"
                + "<span style=\"background:" + verdict.colour + ";padding:1px 6px;border-radius:3px\"><b>" + verdict + "</b></span> "
                + Html.escape(why) + (seeAlso.isEmpty() ? "" : " <i>See " + Html.escape(seeAlso) + ".</i>") + "</div>";
    }
}
