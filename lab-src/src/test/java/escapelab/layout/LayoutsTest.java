package escapelab.layout;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.golang.GoTool;
import escapelab.jvm.JdkFinder;
import escapelab.jvm.SourceCompiler;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layouts from forked JVMs, checked against JOL run here by hand and against the facts DESIGN.md measured. */
class LayoutsTest {
    static final String SOURCE = """
            public class Shapes {
                static class Mixed { byte b; long l; Object o; int i; }
                record Point(int x, int y) {}
                record Line(Point a, Point b) {}
            }
            """;

    private static Layouts.Target target(Mode m) {
        return new Layouts.Target(m, Lab.jdk());
    }

    @Test
    @Tag("live")
    void eachModeIsAJvmOfItsOwn() {
        LayoutReport r = Layouts.of("Shapes.java", SOURCE, "Mixed", List.of(target(Mode.DEFAULT), target(Mode.COMPACT_HEADERS),
                target(Mode.NO_COMPRESSED_OOPS)));
        assertEquals(List.of(32L, 32L, 40L), r.layouts().stream().map(Layout::instanceSize).toList(), r.toText());
        assertEquals(List.of(12, 8, 12), r.layouts().stream().map(Layout::headerSize).toList(), r.toText());
        Layout noOops = r.in("no-compressed-oops");
        assertEquals(8, noOops.fields().stream().filter(f -> f.name().equals("o")).findFirst().orElseThrow().size());
        assertEquals(List.of("b", "l", "o", "i"), noOops.declared().stream().map(Layout.Field::name).toList(), "declaration order");
    }

    /** JDK 25 deprecates -XX:-UseCompressedClassPointers; the mode's column carries the JVM's own warning. */
    @Test
    @Tag("live")
    void noCompressedClassPointersCarriesTheJvmsDeprecationWarning() {
        LayoutReport r = Layouts.of("Shapes.java", SOURCE, "Mixed", List.of(target(Mode.DEFAULT), target(Mode.NO_COMPRESSED_CLASS_POINTERS)));
        assertEquals(16, r.in("no-compressed-class-pointers").headerSize(), r.toText());
        assertEquals(null, r.in("default").warning(), r.toText());
        if (Lab.jdk().feature() >= 25) {
            assertTrue(r.in("no-compressed-class-pointers").warning().contains(
                    "VM warning: Option UseCompressedClassPointers was deprecated in version 25.0"), r.toText());
            assertTrue(r.toText().contains("no-compressed-class-pointers: the JVM warned: "), r.toText());
        }
    }

    @Test
    @Tag("live")
    void theDefaultModeAgreesWithJolRunHere() throws Exception {
        Layout mine = Layouts.of("Shapes.java", SOURCE, "Mixed", Layouts.defaultTarget()).layouts().get(0);
        SourceCompiler.Classes classes = SourceCompiler.compile(List.of(new SourceCompiler.Source("Shapes.java", SOURCE)),
                Lab.jdk().feature(), List.of());
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.bytes().get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        ClassLayout jol = ClassLayout.parseClass(loader.loadClass("Shapes$Mixed"));
        assertEquals(jol.instanceSize(), mine.instanceSize());
        assertEquals(jol.headerSize(), mine.headerSize());
        Map<String, Long> byHand = new TreeMap<>();
        for (FieldLayout f : jol.fields()) {
            byHand.put(f.name(), f.offset());
        }
        Map<String, Long> forked = new TreeMap<>();
        mine.fields().forEach(f -> forked.put(f.name(), f.offset()));
        assertEquals(byHand, forked);
    }

    /** In every mode the table says what JOL's own printout says, line for line. */
    @Test
    @Tag("live")
    void everyModeAgreesWithJolsOwnPrintout() {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+\\S+\\s+Mixed\\.(\\w+)\\s+N/A\\s*$");
        for (Mode m : Mode.all()) {
            Layouts.Target t = target(m);
            Layout mine = Layouts.of("Shapes.java", SOURCE, "Mixed", List.of(t)).layouts().get(0);
            String printout = Layouts.printable(t, "Shapes.java", SOURCE, "Mixed");
            Map<String, String> jol = new TreeMap<>();
            printout.lines().map(line::matcher).filter(java.util.regex.Matcher::matches)
                    .forEach(x -> jol.put(x.group(3), x.group(1) + "+" + x.group(2)));
            Map<String, String> table = new TreeMap<>();
            mine.fields().forEach(f -> table.put(f.name(), f.offset() + "+" + f.size()));
            assertEquals(jol, table, m.name() + "\n" + printout);
            assertTrue(printout.contains("Instance size: " + mine.instanceSize() + " bytes"), m.name() + "\n" + printout);
        }
    }

    @Test
    @Tag("live")
    void aModeTheJdkLacksFailsAloneAndTheOthersStillShow() {
        var jdk17 = JdkFinder.fromEnvironment().release(17);
        Assumptions.assumeTrue(jdk17.isPresent(), "no JDK 17 (apt-get install openjdk-17-jdk); skipped");
        LayoutReport r = Layouts.of("Shapes.java", SOURCE, "Point", List.of(new Layouts.Target(Mode.COMPACT_HEADERS, jdk17.get()),
                new Layouts.Target(Mode.DEFAULT, jdk17.get())));
        assertFalse(r.layouts().get(0).ok());
        assertTrue(r.layouts().get(0).error().contains("needs JDK 24"), r.layouts().get(0).error());
        assertEquals(24, r.layouts().get(1).instanceSize(), r.toText());
        assertTrue(r.toText().contains("unavailable: compact-headers needs JDK 24"), r.toText());
    }

    @Test
    @Tag("live")
    void aReleaseJavacRefusesFailsInItsOwnColumns() {
        var jdk17 = JdkFinder.fromEnvironment().release(17);
        Assumptions.assumeTrue(jdk17.isPresent(), "no JDK 17 (apt-get install openjdk-17-jdk); skipped");
        String newer = "class N { record P(int x, int y) {} static int f(Object o) { return o instanceof P(int x, int y) ? x : 0; } }";
        LayoutReport r = Layouts.of("N.java", newer, "N.P", List.of(new Layouts.Target(Mode.DEFAULT, escapelab.jvm.Jdk.current()),
                new Layouts.Target(Mode.DEFAULT, jdk17.get())));
        assertEquals(24, r.layouts().get(0).instanceSize(), r.toText());
        assertFalse(r.layouts().get(1).ok());
        assertTrue(r.layouts().get(1).error().startsWith("javac --release 17 refused it: N.java:1:"), r.layouts().get(1).error());
        assertTrue(r.toText().contains("deconstruction patterns are not supported in -source 17 (more below)"), r.toText());
        // Refused by every release: javac's error is the answer.
        assertThrows(escapelab.jvm.CompileError.class, () -> Layouts.of("N.java", newer, "N.P",
                List.of(new Layouts.Target(Mode.DEFAULT, jdk17.get()))));
    }

    @Test
    @Tag("live")
    void anInterfaceHasNoLayout() {
        LabException iface = assertThrows(LabException.class, () -> Layouts.of("I.java", "interface I { int f(); }", "I", Layouts.defaultTarget()));
        assertEquals("I is an interface: it has no instances of its own, so no layout; lay out a class that implements it", iface.getMessage());
    }

    @Test
    void anUnknownClassAndACompileErrorAreInputErrors() {
        LabException unknown = assertThrows(LabException.class, () -> Layouts.of("Shapes.java", SOURCE, "Circle", Layouts.defaultTarget()));
        assertTrue(unknown.getMessage().contains("no class Circle in Shapes.java; it has: ") && unknown.getMessage().contains("Shapes.Mixed"),
                unknown.getMessage());
        LabException broken = assertThrows(LabException.class, () -> Layouts.of("B.java", "class B { int x = \"s\"; }", "B", Layouts.defaultTarget()));
        assertTrue(broken.getMessage().startsWith("B.java:1:"), broken.getMessage());
    }

    @Test
    @Tag("live")
    void jdkClassesArraysAndFootprints() {
        assertEquals(16, Layouts.ofJdkClass("java.lang.Integer", Layouts.defaultTarget()).layouts().get(0).instanceSize());
        Layout ints = Layouts.array("int", 3, Layouts.defaultTarget()).layouts().get(0);
        assertEquals(32, ints.instanceSize(), "16-byte array header + 12 bytes, aligned to 8");
        Footprint f = Layouts.footprint(List.of(100), Layouts.defaultTarget());
        assertEquals(3, f.points().size(), f.toText());
        long map = f.points().get(0).bytes();
        long records = f.points().get(1).bytes();
        long arrays = f.points().get(2).bytes();
        assertTrue(map > records && records > arrays, f.toText());
        assertEquals(2 * (16 + 4 * 100), arrays, "two int[100]: a 16-byte header and 400 bytes each");
    }

    @Test
    @Tag("live")
    void theMemoryMapDrawsEveryRegionAsSvgAndPng() throws Exception {
        Layout mixed = Layouts.of("Shapes.java", SOURCE, "Mixed", Layouts.defaultTarget()).layouts().get(0);
        MemoryMap m = MemoryMap.of(mixed);
        String svg = m.toSvg();
        for (String label : List.of("header (mark)", "header (class)", "&gt;b&lt;".replace("&gt;", ">").replace("&lt;", "<"), ">l<", ">o<", ">i<", ">padding<")) {
            assertTrue(svg.contains(label), label + " in " + svg);
        }
        var img = ImageIO.read(new ByteArrayInputStream(m.toPng()));
        assertNotNull(img);
        assertEquals(4 * MemoryMap.ROW + 18, img.getHeight(), "four rows of eight bytes for 32 bytes");
    }

    @Test
    @Tag("live")
    void goLaysOutTheSameFieldsInDeclarationOrderWithoutAHeader() {
        Assumptions.assumeTrue(GoTool.find().isPresent(), "no go command; skipped");
        JavaAndGo jg = JavaAndGo.of("Shapes.java", SOURCE, "Mixed");
        assertEquals(32, jg.go().size());
        assertEquals(List.of(0L, 8L, 16L, 24L), jg.go().fields().stream().map(f -> f.offset()).toList());
        assertTrue(jg.summary().contains("reordered the fields"), jg.summary());
    }
}
