package escapelab.notebook;

import java.lang.reflect.Method;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows a result in whatever is running the code. Inside the JJava Jupyter kernel it publishes
 * rich output (HTML, SVG, PNG) with a plain-text twin; anywhere else (a terminal, a test, a
 * kernel it does not know) it prints the text. The kernel is reached by reflection so the lab
 * has no compile-time dependency on any kernel, and a kernel change degrades to text instead of
 * failing the cell.
 */
public final class Display {
    private Display() {
    }

    public static void show(Renderable r) {
        Map<String, String> rich = new LinkedHashMap<>();
        rich.put("text/html", r.toHtml());
        String svg = r.toSvg();
        if (svg != null) {
            rich.put("image/svg+xml", svg);
            rich.put("image/png", Base64.getEncoder().encodeToString(r.toPng()));
        }
        publish(rich, r.toText());
    }

    public static void html(String html, String text) {
        publish(Map.of("text/html", html), text);
    }

    public static void svg(String svg, String text) {
        publish(Map.of("image/svg+xml", svg), text);
    }

    public static void png(byte[] png, String text) {
        publish(Map.of("image/png", Base64.getEncoder().encodeToString(png)), text);
    }

    /** Markdown, for prose a notebook writes from measured values. */
    public static void markdown(String markdown) {
        publish(Map.of("text/markdown", markdown), markdown);
    }

    /** The name of the kernel rich output goes to, or "text" when there is none. */
    public static String target() {
        return Kernel.find() == null ? "text" : "JJava";
    }

    private static void publish(Map<String, String> rich, String text) {
        Kernel kernel = Kernel.find();
        if (kernel == null || !kernel.display(rich, text)) {
            System.out.print(text.endsWith("\n") ? text : text + "\n");
        }
    }

    /** The JJava kernel, found through its static {@code notebookKernel()} accessor. */
    private record Kernel(Object instance, Class<?> displayDataClass, Method display) {
        private static final String BASE_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
        private static final String DISPLAY_DATA = "org.dflib.jjava.jupyter.kernel.display.DisplayData";

        static Kernel find() {
            try {
                ClassLoader loader = Display.class.getClassLoader();
                Class<?> base = Class.forName(BASE_KERNEL, false, loader);
                Object instance = base.getMethod("notebookKernel").invoke(null);
                if (instance == null) {
                    return null;
                }
                Class<?> dd = Class.forName(DISPLAY_DATA, false, loader);
                return new Kernel(instance, dd, base.getMethod("display", dd));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return null;
            }
        }

        boolean display(Map<String, String> rich, String text) {
            try {
                Object data = displayDataClass.getConstructor().newInstance();
                Method put = displayDataClass.getMethod("putData", String.class, Object.class);
                Map<String, String> all = new LinkedHashMap<>(rich);
                all.put("text/plain", text);
                for (Map.Entry<String, String> e : all.entrySet()) {
                    put.invoke(data, e.getKey(), e.getValue());
                }
                display.invoke(instance, data);
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
