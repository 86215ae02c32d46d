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

    /** The kernel's JVM ends with the status its main thread would have given it: 1 after an exception. */
    @Test
    void theKernelsJvmExitsWithOneWhenItsMainThreadThrewAndZeroWhenItReturned() throws InterruptedException {
        for (boolean throwing : new boolean[] {false, true}) {
            java.util.concurrent.LinkedBlockingQueue<Integer> status = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread main = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (throwing) {
                    throw new IllegalStateException("the kernel's main failed (a test; this trace is expected)");
                }
            }, "fake-main");
            main.setUncaughtExceptionHandler((t, e) -> { }); // keeps the expected trace out of the test's output
            main.start();
            Thread watcher = Display.exitWhenEnds(main, status::add);
            go.countDown();
            watcher.join(10_000);
            assertEquals(throwing ? 1 : 0, status.poll(), "exit status when main " + (throwing ? "threw" : "returned"));
        }
    }
}
