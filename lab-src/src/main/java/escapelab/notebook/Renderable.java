package escapelab.notebook;

/** A result that can show itself as plain text (terminal, fallback) and as HTML (notebook, site). */
public interface Renderable {
    String toText();

    default String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }
}
