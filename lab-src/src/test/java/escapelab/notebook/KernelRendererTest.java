package escapelab.notebook;

import escapelab.Lab;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The render function the kernel's startup script registers, so that a Renderable that is a
 * cell's value shows rich output. Checked against the JJava jar the lab's kernel runs, with no
 * kernel started: its Renderer is what turns a cell's value into the MIME bundle.
 */
class KernelRendererTest {
    private static final String RENDERER = "org.dflib.jjava.jupyter.kernel.display.Renderer";
    private static final String DISPLAY_DATA = "org.dflib.jjava.jupyter.kernel.display.DisplayData";
    private static final String MIME_TYPE = "org.dflib.jjava.jupyter.kernel.display.mime.MIMEType";

    /** A result whose HTML fails, as a bug in a view would. */
    public static final class BrokenHtml implements Renderable {
        @Override
        public String toText() {
            return "the text of a broken view";
        }

        @Override
        public String toHtml() {
            throw new IllegalStateException("no HTML today");
        }
    }

    /** A picture: SVG with a PNG twin. */
    public static final class Picture implements Renderable {
        @Override
        public String toText() {
            return "a picture";
        }

        @Override
        public String toSvg() {
            return "<svg xmlns='http://www.w3.org/2000/svg'/>";
        }

        @Override
        public byte[] toPng() {
            return new byte[] {(byte) 0x89, 'P', 'N', 'G'};
        }
    }

    @Test
    void withoutAKernelRegisteringDoesNothingAndDoesNotThrow() {
        assertFalse(Display.registerWithKernel());
        assertFalse(Display.registerWithKernel(), "and again");
        assertEquals("text", Display.target());
    }

    @Test
    void withJJavasRendererEveryRenderableValueGetsTheBundleDisplayShowPublishes() throws Exception {
        try (URLClassLoader kernel = kernelClassPath()) {
            Object renderer = kernel.loadClass(RENDERER).getConstructor().newInstance();
            Object table = newTable(kernel, "<x>");
            Object before = render(kernel, renderer, table);
            assertNull(data(kernel, before, "text/html"), "JJava alone shows a value as its toString()");

            assertTrue(register(kernel, renderer));
            assertTrue(register(kernel, renderer), "a second call is harmless");
            Object data = render(kernel, renderer, table);
            String text = (String) table.getClass().getMethod("toText").invoke(table);
            assertEquals(text, data(kernel, data, "text/plain"));
            assertEquals(table.getClass().getMethod("toHtml").invoke(table), data(kernel, data, "text/html"));
            assertTrue(((String) data(kernel, data, "text/html")).contains("&lt;x&gt;"));

            // Another implementation, found through the interface it implements.
            Object picture = kernel.loadClass(Picture.class.getName()).getConstructor().newInstance();
            Object pictureData = render(kernel, renderer, picture);
            assertEquals("<svg xmlns='http://www.w3.org/2000/svg'/>", data(kernel, pictureData, "image/svg+xml"));
            assertEquals("iVBORw==", data(kernel, pictureData, "image/png"));
            assertEquals("a picture", data(kernel, pictureData, "text/plain"));

            Object broken = kernel.loadClass(BrokenHtml.class.getName()).getConstructor().newInstance();
            Object brokenData = render(kernel, renderer, broken);
            assertNull(data(kernel, brokenData, "text/html"));
            String shown = (String) data(kernel, brokenData, "text/plain");
            assertTrue(shown.startsWith("the text of a broken view\n") && shown.contains("no HTML today"), shown);

            assertEquals("plain", data(kernel, render(kernel, renderer, "plain"), "text/plain"), "other values as before");
        }
    }

    /** JJava's jar, as ./lab setup installs it beside the kernel spec, and the lab's classes. */
    private static URLClassLoader kernelClassPath() throws Exception {
        Path jar = Lab.home().resolve(".venv/share/jupyter/kernels/escape-lab-java/jjava.jar");
        assumeTrue(Files.isRegularFile(jar), "no JJava jar at " + jar + " (./lab setup installs it)");
        URL labClasses = Display.class.getProtectionDomain().getCodeSource().getLocation();
        URL testClasses = KernelRendererTest.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {jar.toUri().toURL(), labClasses, testClasses}, ClassLoader.getPlatformClassLoader());
    }

    private static Object newTable(ClassLoader kernel, String cell) throws Exception {
        Object table = kernel.loadClass(Table.class.getName()).getConstructor(List.class).newInstance(List.of("a"));
        table.getClass().getMethod("row", String[].class).invoke(table, (Object) new String[] {cell});
        return table;
    }

    private static boolean register(ClassLoader kernel, Object renderer) throws Exception {
        Method m = kernel.loadClass(Display.class.getName()).getDeclaredMethod("registerWith", Object.class);
        m.setAccessible(true);
        return (boolean) m.invoke(null, renderer);
    }

    private static Object render(ClassLoader kernel, Object renderer, Object value) throws Exception {
        return kernel.loadClass(RENDERER).getMethod("render", Object.class).invoke(renderer, value);
    }

    private static Object data(ClassLoader kernel, Object displayData, String type) throws Exception {
        Object mime = kernel.loadClass(MIME_TYPE).getMethod("parse", String.class).invoke(null, type);
        return kernel.loadClass(DISPLAY_DATA).getMethod("getData", kernel.loadClass(MIME_TYPE)).invoke(displayData, mime);
    }
}
