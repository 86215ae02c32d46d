import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the learner's code in the JVM whose compilation log the lab reads. It runs {@code main}
 * when a class has one; then it calls every static no-argument method many times through a
 * MethodHandle loaded from an array, which C2 cannot inline, so each method is compiled as its
 * own root, as a hot method of a real program would be; then it measures the bytes each call
 * allocates. Its own lines start with {@code @@lab}; escapelab.escape.EscapeAnalysis reads them.
 * It runs on every target JDK from 17 on, beside the program and nothing else: no lab class may
 * be used here.
 */
public final class LabEscapeDriver {
    /**
     * {@code LabEscapeDriver WARM MEASURE LIMIT_MILLIS [CLASS...]}. Without classes, their names come on
     * standard input, one a line, until its end: the lab starts this JVM while javac still compiles them.
     */
    public static void main(String[] args) throws Throwable {
        int warm = Integer.parseInt(args[0]);
        int measure = Integer.parseInt(args[1]);
        long limitMillis = Long.parseLong(args[2]);
        String[] classes = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : namesOnStandardInput();
        // What the JVM printed before this line (-XX:+PrintFlagsFinal) is not the program's output.
        // Written straight to the descriptor: a call of PrintStream.println here would change how C2
        // compiles the program's own println calls (Lab23_TwinPrintln's verdict on JDK 21 did).
        new java.io.FileOutputStream(java.io.FileDescriptor.out).write("@@lab start\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limitMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("@@lab timeout");
            System.out.flush();
            System.exit(124); // an orderly exit still writes the compilation log
        });
        watchdog.setDaemon(true);
        watchdog.start();
        List<Method> entries = new ArrayList<>();
        for (String name : classes) {
            if (name.isEmpty()) {
                continue;
            }
            Class<?> c = Class.forName(name, false, LabEscapeDriver.class.getClassLoader());
            Method main = mainOf(c);
            if (main != null) {
                main.setAccessible(true);
                System.out.println("@@lab main " + c.getName());
                try {
                    Object target = null;
                    if (!Modifier.isStatic(main.getModifiers())) { // JEP 512: an instance main runs on a new instance
                        java.lang.reflect.Constructor<?> make = c.getDeclaredConstructor();
                        make.setAccessible(true);
                        target = make.newInstance();
                    }
                    if (main.getParameterCount() == 1) {
                        main.invoke(target, (Object) new String[0]);
                    } else {
                        main.invoke(target);
                    }
                } catch (InvocationTargetException e) {
                    System.out.println("@@lab main-threw " + name(main) + " " + e.getCause());
                    e.getCause().printStackTrace();
                } catch (NoSuchMethodException e) {
                    System.out.println("@@lab main-threw " + name(main) + " " + c.getName() + " has no constructor without arguments"
                            + " to make the instance its main runs on");
                } catch (ReflectiveOperationException e) { // a constructor that threw, one not accessible
                    System.out.println("@@lab main-threw " + name(main) + " " + (e.getCause() != null ? e.getCause() : e));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && m != main && m.getParameterCount() == 0) {
                    entries.add(m);
                }
            }
        }
        entries.sort(Comparator.comparing((Method m) -> m.getDeclaringClass().getName()).thenComparing(Method::getName));
        MethodHandle[] handles = new MethodHandle[entries.size() + 1];
        for (int k = 0; k < entries.size(); k++) {
            entries.get(k).setAccessible(true);
            handles[k] = MethodHandles.lookup().unreflect(entries.get(k)).asType(MethodType.methodType(void.class));
        }
        handles[entries.size()] = MethodHandles.lookup().findStatic(LabEscapeDriver.class, "nothing", MethodType.methodType(void.class));
        boolean[] failed = new boolean[handles.length];
        for (int k = 0; k < entries.size(); k++) {
            try {
                for (int i = 0; i < warm; i++) {
                    handles[k].invokeExact();
                }
            } catch (Throwable t) {
                failed[k] = true;
                System.out.println("@@lab threw " + name(entries.get(k)) + " " + t);
            }
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // The harness itself must allocate nothing; its own count is printed so a test can check that.
        System.out.printf("@@lab harness %d%n", Math.min(bytes(threads, handles[entries.size()], measure),
                bytes(threads, handles[entries.size()], measure)));
        for (int k = 0; k < entries.size(); k++) {
            if (!failed[k]) {
                try {
                    // The lower of two runs: a first run can include one-time work such as class loading.
                    long total = Math.min(bytes(threads, handles[k], measure), bytes(threads, handles[k], measure));
                    System.out.printf("@@lab bytes %s %.2f%n", name(entries.get(k)), total / (double) measure);
                } catch (Throwable t) {
                    System.out.println("@@lab threw " + name(entries.get(k)) + " " + t);
                }
            }
        }
        System.out.println("@@lab done");
    }

    /**
     * The lines of standard input, read straight from the descriptor and left open: the program finds it at its
     * end, as it would with nothing given, and System.in stays untouched until the program uses it. Not with
     * readAllBytes: JDK 17's asks a pipe for its position and fails with "Illegal seek".
     */
    static String[] namesOnStandardInput() throws java.io.IOException {
        java.io.InputStream in = new java.io.FileInputStream(java.io.FileDescriptor.in);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) != -1; ) {
            text.write(buffer, 0, n);
        }
        return new String(text.toByteArray(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
    }

    static long bytes(com.sun.management.ThreadMXBean threads, MethodHandle h, int calls) throws Throwable {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            h.invokeExact();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * The class's main as JDK 25 launches it (JEP 512): main(String[]) before main(), static or an
     * instance method, not private; or null. Classic {@code public static void main(String[])} is the first case.
     */
    static Method mainOf(Class<?> c) {
        // An instance main needs an instance: not of an interface, an abstract class or an inner class.
        boolean instantiable = !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                && (c.getEnclosingClass() == null || Modifier.isStatic(c.getModifiers()));
        Method withoutArguments = null;
        for (Method m : c.getDeclaredMethods()) {
            if (!m.getName().equals("main") || m.isSynthetic() || Modifier.isPrivate(m.getModifiers())
                    || Modifier.isAbstract(m.getModifiers()) || m.getReturnType() != void.class
                    || (!Modifier.isStatic(m.getModifiers()) && !instantiable)) {
                continue;
            }
            if (Arrays.equals(m.getParameterTypes(), new Class<?>[] {String[].class})) {
                return m;
            }
            if (m.getParameterCount() == 0) {
                withoutArguments = m;
            }
        }
        return withoutArguments;
    }

    static String name(Method m) {
        return m.getDeclaringClass().getName().replace('.', '/') + " " + m.getName() + " "
                + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    static void nothing() {
    }
}
