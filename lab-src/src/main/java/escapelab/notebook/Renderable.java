package escapelab.notebook;

/** A result that can show itself as plain text (terminal, fallback), as HTML (notebook, site), and, if a picture, as SVG and PNG. */
public interface Renderable {
    String toText();

    default String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }

    /** A picture's SVG, published beside the HTML for front ends that prefer it; null when the result is no picture. */
    default String toSvg() {
        return null;
    }

    /** The same picture as PNG, the fallback where SVG is not shown; null when the result is no picture. */
    default byte[] toPng() {
        return null;
    }
}
