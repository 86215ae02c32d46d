package escapelab.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small random Java programs for the engine's property test, the same program for the same seed.
 * Each is one public class {@code Gen<seed>} with static no-argument entry methods (which the engine
 * warms and measures, as there is no main), built from random pieces: records, a class with fields,
 * arrays of constant and variable length, boxes, stores to locals' fields, statics and arrays, calls
 * to static helpers inlined or kept out of line with {@code // jvm-args: ... dontinline}, virtual and
 * interface calls with one to three receiver classes, locks on local and shared objects, branches
 * never or rarely taken, loops, a helper that returns a new object, lambdas capturing a local.
 *
 * <p>Every allocation the programs make is a site the engine sees: no string concatenation, no JDK
 * collection, no identity hash, nothing that allocates inside JDK code. The generator also says, for
 * each entry, which allocation sites a call of it runs (its reach), and which lock locks which
 * allocation of the same method, so the test can check the measured bytes and the lock elision.
 */
final class ProgramGenerator {
    /**
     * @param reach     for each entry method (display name, {@code Gen7.e0}), the lines of the allocation
     *                  sites a call runs on its usual path, in the entry and in the helpers it calls
     * @param lockedNew for each lock line in an entry, the line of the allocation it locks (same method)
     */
    record Program(long seed, String className, String source, Map<String, Set<Integer>> reach,
                   Map<Integer, Integer> lockedNew) {
        String fileName() {
            return className + ".java";
        }
    }

    private enum Kind { POINT, CELL, INTS, LONGS, BOX, OBJECT, REFS }

    private record Var(String name, Kind kind, int line) {
    }

    private final Random random;
    private final String cls;
    private final List<String> out = new ArrayList<>();
    private final Map<String, Set<Integer>> reach = new LinkedHashMap<>();
    private final Map<Integer, Integer> lockedNew = new LinkedHashMap<>();
    private final Map<String, Integer> helperSite = new LinkedHashMap<>(); // helper -> line of its allocation
    private final int shapes;
    private final int animals;
    private final boolean leakyAnimal;

    private ProgramGenerator(long seed) {
        this.random = new Random(seed);
        this.cls = "Gen" + seed;
        this.shapes = 1 + random.nextInt(3);
        this.animals = 1 + random.nextInt(3);
        this.leakyAnimal = random.nextInt(3) == 0;
    }

    static Program generate(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must not be negative: it names the class");
        }
        ProgramGenerator g = new ProgramGenerator(seed);
        g.write();
        return new Program(seed, g.cls, String.join("\n", g.out) + "\n", g.reach, g.lockedNew);
    }

    private int line() {
        return out.size(); // the line number of the line just added
    }

    private void add(String text) {
        out.add(text);
    }

    private void write() {
        String c = cls;
        add("// jvm-args: -XX:CompileCommand=quiet -XX:CompileCommand=dontinline," + c + "::sumOut"
                + " -XX:CompileCommand=dontinline," + c + "::leakOut -XX:CompileCommand=dontinline," + c + "::makeOut"
                + " -XX:CompileCommand=dontinline," + c + "::idOut");
        add("import java.util.function.IntSupplier;");
        add("");
        add("public class " + c + " {");
        add("    static int seed = " + (5 + random.nextInt(45) * 2) + ";"); // odd and below 97, so seed % 97 != 0
        add("    static int len = " + (1 + random.nextInt(12)) + ";");
        add("    static int tick;");
        add("    static Object sink;");
        add("    static final Object LOCK = new Object();");
        add("    record Point(int x, int y) {}");
        add("    static final class Cell { int v; Object ref; }");
        add("    interface Shape { int area(Point p); }");
        String[] shapeNames = {"Sq", "Rect", "Tri"};
        String[] shapeBodies = {"p.x() * p.x()", "p.x() * p.y()", "p.x() * p.y() / 2"};
        for (int i = 0; i < shapes; i++) {
            add("    static final class " + shapeNames[i] + " implements Shape { public int area(Point p) { return "
                    + shapeBodies[i] + "; } }");
        }
        add("    static abstract class Animal { abstract int weigh(Cell c); }");
        String[] animalNames = {"Cat", "Dog", "Cow"};
        for (int i = 0; i < animals; i++) {
            String body = leakyAnimal && i == animals - 1 ? "sink = c; return 3;" : "return c.v + " + (i + 1) + ";";
            add("    static final class " + animalNames[i] + " extends Animal { int weigh(Cell c) { " + body + " } }");
        }
        add("    static final Shape[] SHAPES = {" + String.join(", ", names(shapeNames, shapes)) + "};");
        add("    static final Animal[] ANIMALS = {" + String.join(", ", names(animalNames, animals)) + "};");
        add("    static int sum(Point p) { return p.x() + p.y(); }");
        add("    static int sumOut(Point p) { return p.x() - p.y(); }");
        add("    static int cellSum(Cell c) { return c.v; }");
        add("    static int id(Object o) { return o == null ? 0 : 1; }");
        add("    static int idOut(Object o) { return o == null ? 0 : 2; }");
        add("    static void leak(Object o) { sink = o; }");
        add("    static void leakOut(Object o) { sink = o; }");
        add("    static int lockIn(Object o) {");
        add("        synchronized (o) {");
        add("            return seed;");
        add("        }");
        add("    }");
        add("    static Point make(int a) {");
        add("        return new Point(a, a + 1);");
        helperSite.put("make", line());
        add("    }");
        add("    static Point makeOut(int a) {");
        add("        return new Point(a, a - 1);");
        helperSite.put("makeOut", line());
        add("    }");
        int entries = 2 + random.nextInt(4);
        for (int e = 0; e < entries; e++) {
            entry("e" + e);
        }
        add("}");
    }

    private static List<String> names(String[] all, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("new " + all[i] + "()");
        }
        return l;
    }

    private void entry(String name) {
        Set<Integer> sites = new LinkedHashSet<>();
        reach.put(cls + "." + name, sites);
        List<Var> vars = new ArrayList<>();
        add("    static int " + name + "() {");
        add("        int t = ++tick;");
        add("        int acc = seed;");
        int pieces = 2 + random.nextInt(6);
        int n = 0;
        for (int p = 0; p < pieces; p++) {
            if (vars.isEmpty() || random.nextInt(5) < 2) {
                Var v = allocate("v" + n++, sites);
                if (v != null) {
                    vars.add(v);
                }
            }
            if (!vars.isEmpty()) {
                use(vars.get(random.nextInt(vars.size())), vars, sites, n++);
            }
        }
        add("        return acc;");
        add("    }");
    }

    /** Declares a new local holding a new object, recording the site's line; null when the piece declares none. */
    private Var allocate(String v, Set<Integer> sites) {
        switch (random.nextInt(14)) {
            case 0, 1 -> {
                add("        Point " + v + " = new Point(seed, " + random.nextInt(9) + ");");
                sites.add(line());
                return new Var(v, Kind.POINT, line());
            }
            case 2 -> {
                String helper = random.nextBoolean() ? "make" : "makeOut";
                add("        Point " + v + " = " + helper + "(seed);");
                sites.add(helperSite.get(helper));
                return new Var(v, Kind.POINT, -1);
            }
            case 3, 4 -> {
                add("        Cell " + v + " = new Cell();");
                sites.add(line());
                int at = line();
                add("        " + v + ".v = seed + " + random.nextInt(9) + ";");
                return new Var(v, Kind.CELL, at);
            }
            case 5 -> {
                add("        int[] " + v + " = new int[8];");
                sites.add(line());
                int at = line();
                add("        " + v + (random.nextBoolean() ? "[" + random.nextInt(8) + "] = seed;" : "[seed & 7] = " + random.nextInt(9) + ";"));
                return new Var(v, Kind.INTS, at);
            }
            case 6 -> {
                add("        int[] " + v + " = new int[len];");
                sites.add(line());
                int at = line();
                add("        " + v + "[0] = seed;");
                return new Var(v, Kind.INTS, at);
            }
            case 7 -> {
                add("        long[] " + v + " = new long[100];");
                sites.add(line());
                int at = line();
                add("        " + v + "[0] = seed;");
                return new Var(v, Kind.LONGS, at);
            }
            case 8 -> {
                // Outside Integer's cache, so valueOf allocates unless C2 removes the box; or inside it, where it never does.
                add("        Integer " + v + (random.nextBoolean() ? " = seed + 1000;" : " = Integer.valueOf(seed);"));
                sites.add(line());
                return new Var(v, Kind.BOX, line());
            }
            case 9 -> {
                add("        Object " + v + " = new Object();");
                sites.add(line());
                return new Var(v, Kind.OBJECT, line());
            }
            case 10 -> {
                add("        Object[] " + v + " = new Object[4];");
                sites.add(line());
                return new Var(v, Kind.REFS, line());
            }
            case 11 -> { // two allocations merged at a join, both branches taken
                add("        Point " + v + ";");
                add("        if ((t & 1) == 0) {");
                add("            " + v + " = new Point(1, seed);");
                sites.add(line());
                add("        } else {");
                add("            " + v + " = new Point(seed, 2);");
                sites.add(line());
                add("        }");
                return new Var(v, Kind.POINT, -1);
            }
            case 12 -> { // a loop that allocates in every iteration
                add("        for (int i = 0; i < len; i++) {");
                add("            Point q = new Point(i, seed);");
                sites.add(line());
                add("            acc += q.y();");
                add("        }");
                return null;
            }
            default -> { // a lambda capturing a local int
                add("        int k" + v + " = seed + " + random.nextInt(9) + ";");
                add("        IntSupplier " + v + " = () -> k" + v + " * 2;");
                sites.add(line());
                add("        acc += " + v + ".getAsInt();");
                return null;
            }
        }
    }

    private String read(Var v) {
        return switch (v.kind()) {
            case POINT -> v.name() + ".x()";
            case CELL -> v.name() + ".v";
            case INTS -> v.name() + "[0]";
            case LONGS -> "(int) " + v.name() + "[0]";
            case BOX -> v.name();
            case OBJECT, REFS -> "(" + v.name() + " == sink ? 1 : 0)";
        };
    }

    private Var other(List<Var> vars, Var v, Kind kind) {
        List<Var> of = vars.stream().filter(x -> x != v && x.kind() == kind).toList();
        return of.isEmpty() ? null : of.get(random.nextInt(of.size()));
    }

    private void use(Var v, List<Var> vars, Set<Integer> sites, int n) {
        String x = v.name();
        switch (random.nextInt(20)) {
            case 0, 1, 2 -> add("        acc += " + read(v) + ";");
            case 3 -> add("        sink = " + x + ";");
            case 4 -> {
                Var cell = other(vars, v, Kind.CELL);
                if (cell != null) {
                    add("        " + cell.name() + ".ref = " + x + ";");
                } else {
                    add("        acc += id(" + x + ");");
                }
            }
            case 5 -> {
                Var refs = other(vars, v, Kind.REFS);
                if (refs != null) {
                    add("        " + refs.name() + "[" + random.nextInt(4) + "] = " + x + ";");
                    add("        acc += " + refs.name() + "[0] == null ? 0 : 1;");
                } else {
                    add("        acc += idOut(" + x + ");");
                }
            }
            case 6 -> add("        acc += " + (random.nextBoolean() ? "id(" : "idOut(") + x + ");");
            case 7 -> add("        " + (random.nextBoolean() ? "leak(" : "leakOut(") + x + ");");
            case 8 -> {
                if (v.kind() == Kind.POINT) {
                    add("        acc += " + (random.nextBoolean() ? "sum(" : "sumOut(") + x + ");");
                } else if (v.kind() == Kind.CELL) {
                    add("        acc += cellSum(" + x + ");");
                } else {
                    add("        acc += " + read(v) + ";");
                }
            }
            case 9 -> {
                if (v.kind() == Kind.POINT) {
                    add("        acc += SHAPES[t % " + shapes + "].area(" + x + ");");
                } else if (v.kind() == Kind.CELL) {
                    add("        acc += ANIMALS[t % " + animals + "].weigh(" + x + ");");
                } else {
                    add("        acc += id(" + x + ");");
                }
            }
            case 10, 11 -> {
                if (v.kind() == Kind.BOX) { // javac warns of synchronizing on a value-based class
                    add("        acc += " + read(v) + ";");
                    break;
                }
                add("        synchronized (" + x + ") {");
                if (v.line() > 0) {
                    lockedNew.put(line(), v.line());
                }
                add("            acc += " + random.nextInt(9) + ";");
                add("        }");
            }
            case 12 -> {
                add("        synchronized (LOCK) {");
                add("            acc += " + read(v) + ";");
                add("        }");
            }
            case 13 -> {
                if (v.kind() == Kind.BOX) {
                    add("        acc += id(" + x + ");");
                } else {
                    add("        acc += lockIn(" + x + ");");
                }
            }
            case 14 -> { // never taken: C2 compiles an uncommon trap there
                add("        if (seed % 97 == 0) {");
                add("            sink = " + x + ";");
                add("        }");
            }
            case 15 -> { // taken once in 1024 calls
                add("        if ((t & 1023) == 0) {");
                add("            sink = " + x + ";");
                add("        }");
            }
            case 16 -> {
                add("        for (int i = 0; i < 4; i++) {");
                add("            acc += " + read(v) + " + i;");
                add("        }");
            }
            case 17 -> {
                if (v.kind() == Kind.POINT || v.kind() == Kind.CELL) {
                    add("        IntSupplier f" + n + " = () -> " + read(v) + " + 1;");
                    sites.add(line());
                    add("        acc += f" + n + ".getAsInt();");
                } else {
                    add("        acc += " + read(v) + ";");
                }
            }
            default -> add("        acc += " + read(v) + " + " + random.nextInt(9) + ";");
        }
    }
}
