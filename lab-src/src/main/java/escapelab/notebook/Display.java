package escapelab.notebook;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows a result in whatever is running the code. Inside the JJava Jupyter kernel it publishes
 * rich output (HTML, SVG, PNG) with a plain-text twin; anywhere else (a terminal, a test, a
 * kernel it does not know) it prints the text. The kernel is reached by reflection so the lab
 * has no compile-time dependency on any kernel, and a kernel change degrades to text instead of
 * failing the cell.
 *
 * <p>The kernel's startup script (kernel.json, written by lab-src/python/kernel_spec.py) calls
 * {@link #registerWithKernel()}, so a Renderable that is a cell's value shows the same rich output
 * as {@code Display.show} would, instead of its toString().
 */
public final class Display {
    private Display() {
    }

    /** The MIME types of {@link #bundle}: what a Renderable can be shown as. */
    static final List<String> BUNDLE_TYPES = List.of("text/plain", "text/html", "image/svg+xml", "image/png");

    public static void show(Renderable r) {
        Map<String, String> rich = new LinkedHashMap<>(bundle(r));
        publish(rich, rich.remove("text/plain"));
    }

    /** Everything a front end may choose from, by MIME type: the text, the HTML, and a picture's SVG and PNG. */
    static Map<String, String> bundle(Renderable r) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("text/plain", r.toText());
        all.put("text/html", r.toHtml());
        String svg = r.toSvg();
        if (svg != null) {
            all.put("image/svg+xml", svg);
            all.put("image/png", Base64.getEncoder().encodeToString(r.toPng()));
        }
        return all;
    }

    /**
     * The bundle of a cell's value. The kernel renders it after the cell ran, so a failure here
     * would turn a cell that worked into an error: it shows the text instead, with what failed.
     */
    static Map<String, String> valueBundle(Object value) {
        try {
            return bundle((Renderable) value);
        } catch (RuntimeException | LinkageError e) {
            String text;
            try {
                text = ((Renderable) value).toText();
            } catch (RuntimeException | LinkageError again) {
                text = value.getClass().getName();
            }
            return Map.of("text/plain", text + "\n(the rich view of this " + value.getClass().getSimpleName() + " failed: " + e + ")");
        }
    }

    /**
     * Asks the running kernel to show every Renderable that is a cell's value as {@link #show} does, and
     * to end its JVM once the kernel's main returns ({@link #exitWhenMainEnds}). Called by the kernel's startup
     * script; safe anywhere: it returns false, and changes nothing, when no kernel it knows is running; false
     * when the kernel refuses the renderer; it never throws.
     */
    public static boolean registerWithKernel() {
        try {
            Kernel kernel = Kernel.find();
            if (kernel != null) {
                exitWhenMainEnds();
            }
            return kernel != null && kernel.registerRenderer();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Ends the kernel's JVM once its main thread has returned. Asked to shut down, JJava returns from
     * main, but an idle worker of its cell executor, not a daemon thread, keeps the JVM alive for another
     * minute (a cached pool's idle time); jupyter_client ends it with SIGTERM after half of its
     * shutdown_wait_time, so every notebook that nbclient, nbgrader or JupyterLab ran cost about 2.5 s more.
     */
    static void exitWhenMainEnds() {
        Thread main = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("main") && t.getThreadGroup() != null && t.getThreadGroup().getName().equals("main"))
                .findFirst().orElse(null);
        if (main != null) {
            exitWhenEnds(main, System::exit);
        }
    }

    /**
     * Calls exit once the thread has ended: with 1 when it ended on an exception (which its handler
     * still prints), as the JVM's own exit status would say, and 0 otherwise. Returns the watcher.
     */
    static Thread exitWhenEnds(Thread main, java.util.function.IntConsumer exit) {
        java.util.concurrent.atomic.AtomicBoolean threw = new java.util.concurrent.atomic.AtomicBoolean();
        Thread.UncaughtExceptionHandler handler = main.getUncaughtExceptionHandler();
        // The dying thread calls its handler before it counts as ended, so join() sees the flag set.
        main.setUncaughtExceptionHandler((t, e) -> {
            threw.set(true);
            handler.uncaughtException(t, e);
        });
        Thread watcher = new Thread(() -> {
            try {
                main.join();
            } catch (InterruptedException e) {
                return;
            }
            exit.accept(threw.get() ? 1 : 0);
        }, "lab-exit-with-kernel");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
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

    /** Registers the render function with a JJava Renderer; for the test that checks it against JJava's own. */
    static boolean registerWith(Object renderer) {
        return Kernel.register(renderer);
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
        /** The renderer the lab's render function went to, so a second call does not add another. */
        private static Object registeredWith;

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

        boolean registerRenderer() {
            try {
                Object renderer = Class.forName(BASE_KERNEL, false, Display.class.getClassLoader())
                        .getMethod("getRenderer").invoke(instance);
                return renderer != null && register(renderer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        /**
         * Registers a render function for Renderable with JJava's Renderer, which picks a value's
         * function by walking its class, then the interfaces it implements, then its superclasses:
         * one registration for the interface covers every implementation.
         */
        static synchronized boolean register(Object renderer) {
            if (renderer == registeredWith) {
                return true;
            }
            try {
                ClassLoader loader = Display.class.getClassLoader();
                Class<?> rendererClass = Class.forName("org.dflib.jjava.jupyter.kernel.display.Renderer", false, loader);
                Class<?> registrationClass = Class.forName(rendererClass.getName() + "$RenderRegistration", false, loader);
                Class<?> functionClass = Class.forName("org.dflib.jjava.jupyter.kernel.display.RenderFunction", false, loader);
                Class<?> contextClass = Class.forName("org.dflib.jjava.jupyter.kernel.display.RenderContext", false, loader);
                Class<?> dataClass = Class.forName(DISPLAY_DATA, false, loader);
                Method outputContainer = contextClass.getMethod("getOutputContainer");
                Method put = dataClass.getMethod("putData", String.class, Object.class);
                InvocationHandler render = (proxy, method, args) -> switch (method.getName()) {
                    case "render" -> {
                        // Nothing may escape into the kernel: what was not put, it fills with toString().
                        try {
                            Object out = outputContainer.invoke(args[1]);
                            for (Map.Entry<String, String> e : valueBundle(args[0]).entrySet()) {
                                put.invoke(out, e.getKey(), e.getValue());
                            }
                        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                            // leave it to the kernel's text
                        }
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "the Escape Lab renderer of " + Renderable.class.getName();
                };
                Object function = Proxy.newProxyInstance(functionClass.getClassLoader(), new Class<?>[] {functionClass}, render);
                Object registration = rendererClass.getMethod("createRegistration", Class.class).invoke(renderer, Renderable.class);
                registrationClass.getMethod("supporting", String[].class).invoke(registration, (Object) BUNDLE_TYPES.toArray(String[]::new));
                registrationClass.getMethod("register", functionClass).invoke(registration, function);
                registeredWith = renderer;
                return true;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return false;
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
