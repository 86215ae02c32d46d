import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * Asks JOL, inside a JVM started in the mode being shown, for the layout of a class or an array,
 * or for the footprint of whole data structures. Its lines start with {@code @@};
 * escapelab.layout.Layouts reads them. It runs on every target JDK from 17 on, with JOL and the
 * learner's classes on its class path and no lab class.
 */
public final class LabLayoutProbe {
    record Entry(int key, int value) {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "class": for (int i = 1; i < args.length; i++) { layoutOf(args[i]); } break;
            case "array": array(args[1], Integer.parseInt(args[2])); break;
            case "footprint": for (int i = 1; i < args.length; i++) { footprint(Integer.parseInt(args[i])); } break;
            case "printable": System.out.print(ClassLayout.parseClass(Class.forName(args[1])).toPrintable()); break;
            default: throw new IllegalArgumentException(args[0]);
        }
    }

    static void layoutOf(String name) {
        Class<?> c;
        try {
            c = Class.forName(name, false, LabLayoutProbe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.out.println("@@missing " + name);
            return;
        }
        if (c.isInterface()) { // no instance of its own: JOL would print an object header alone
            System.out.println("@@interface " + name);
            return;
        }
        print(name, ClassLayout.parseClass(c));
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) { chain.add(0, k); }
        for (Class<?> k : chain) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    System.out.println("@@declared " + f.getName() + " " + f.getType().getTypeName());
                }
            }
        }
    }

    static void print(String name, ClassLayout l) {
        System.out.println("@@layout " + name + " " + l.instanceSize() + " " + l.headerSize() + " "
                + l.getLossesInternal() + " " + l.getLossesExternal());
        for (FieldLayout f : l.fields()) {
            System.out.println("@@field " + f.name() + " " + f.typeClass() + " " + f.offset() + " " + f.size() + " " + f.hostClass());
        }
    }

    static void array(String type, int n) {
        Object a;
        switch (type) {
            case "byte": a = new byte[n]; break;
            case "int": a = new int[n]; break;
            case "long": a = new long[n]; break;
            case "Object": a = new Object[n]; break;
            default: throw new IllegalArgumentException(type);
        }
        print(type + "[" + n + "]", ClassLayout.parseInstance(a));
    }

    /** The same n pairs of ints, stored three ways. */
    static void footprint(int n) {
        HashMap<Integer, Integer> map = new HashMap<>();
        Entry[] records = new Entry[n];
        int[] keys = new int[n];
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            int k = 1000 + i;          // outside the Integer cache: each box is an object
            map.put(k, k * 2);
            records[i] = new Entry(k, k * 2);
            keys[i] = k;
            values[i] = k * 2;
        }
        report("HashMap<Integer,Integer>", n, GraphLayout.parseInstance(map));
        report("Entry[] of records", n, GraphLayout.parseInstance((Object) records));
        report("int[] keys + int[] values", n, GraphLayout.parseInstance(keys, values));
    }

    static void report(String what, int n, GraphLayout g) {
        System.out.println("@@footprint " + n + " " + g.totalSize() + " " + g.totalCount() + " " + what);
    }
}
