package escapelab.notebook;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayTest {
    @Test
    void outsideAKernelRichOutputFallsBackToText() {
        assertEquals("text", Display.target());
        Table t = new Table(List.of("a", "b")).row("1", "<2>");
        assertEquals(t.toText(), captured(() -> Display.show(t)));
        assertEquals("plain\n", captured(() -> Display.html("<b>rich</b>", "plain")));
        assertEquals("a picture\n", captured(() -> Display.png(new byte[] {1, 2}, "a picture")));
    }

    @Test
    void tablesAlignInTextAndEscapeInHtml() {
        Table t = new Table(List.of("name", "value")).row("x", "1").row("longer", "<b>");
        assertEquals("""
                name    value
                ------  -----
                x       1
                longer  <b>
                """, t.toText());
        String html = t.toHtml();
        assertEquals(true, html.contains("&lt;b&gt;") && !html.contains("<b>"), html);
    }

    private static String captured(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
