package escapelab.layout;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.golang.GoTool;
import escapelab.jvm.CompileError;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The notebook API of the layout package: one short call per cell, the same engine ./lab layout runs. */
public final class Memory {
    private Memory() {
    }

    static String shapes() {
        Path file = Lab.home().resolve("lab-src/examples/layout/Shapes.java");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw LabException.input("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A class of lab-src/examples/layout/Shapes.java in every mode and on every JDK found. */
    public static LayoutReport layout(String className) {
        return Layouts.of("Shapes.java", shapes(), className, Layouts.allTargets());
    }

    /** A class of your own source, in every mode. */
    public static LayoutReport layout(String source, String className) {
        try {
            return Layouts.of(className + ".java", source, className, Layouts.allTargets());
        } catch (CompileError e) {
            throw e.inCellText(className + ".java");
        }
    }

    /** A JDK class ({@code java.lang.Integer}) in every mode. */
    public static LayoutReport jdkClass(String className) {
        return Layouts.ofJdkClass(className, Layouts.allTargets());
    }

    public static LayoutReport array(String type, int length) {
        return Layouts.array(type, length, Layouts.allTargets());
    }

    /** n int pairs as a HashMap, an array of records and two int arrays, with and without compact headers. */
    public static Footprint footprint(Integer... sizes) {
        List<Layouts.Target> targets = new ArrayList<>(List.of(new Layouts.Target(Mode.DEFAULT, Lab.jdk())));
        if (Mode.COMPACT_HEADERS.unavailableOn(Lab.jdk()) == null) {
            targets.add(new Layouts.Target(Mode.COMPACT_HEADERS, Lab.jdk()));
        }
        return Layouts.footprint(Arrays.asList(sizes), targets);
    }

    /** The bytes of one Shapes class in the default mode, as a picture. */
    public static MemoryMap picture(String className) {
        return MemoryMap.of(Layouts.of("Shapes.java", shapes(), className, Layouts.defaultTarget()).layouts().get(0));
    }

    /** A Shapes class and the Shapes classes its reference fields point to, with arrows. */
    public static MemoryMap graph(String root, String... referenced) {
        Layout r = Layouts.of("Shapes.java", shapes(), root, Layouts.defaultTarget()).layouts().get(0);
        List<Layout> others = new ArrayList<>();
        for (String o : referenced) {
            others.add(Layouts.of("Shapes.java", shapes(), o, Layouts.defaultTarget()).layouts().get(0));
        }
        return MemoryMap.graph(r, others);
    }

    /** A Shapes class beside Go's struct with the same fields; without Go, the Java side and how to get Go. */
    public static Renderable besideGo(String className) {
        if (GoTool.find().isEmpty()) {
            LayoutReport java = Layouts.of("Shapes.java", shapes(), className, Layouts.defaultTarget());
            String why = "Go's side needs the go command, which is not installed: " + GoTool.INSTALL;
            return new Renderable() {
                @Override
                public String toText() {
                    return java.toText() + why + "\n";
                }

                @Override
                public String toHtml() {
                    return java.toHtml() + "<p style=\"color:#9a5b00\">" + Html.escape(why) + "</p>";
                }
            };
        }
        return JavaAndGo.of("Shapes.java", shapes(), className);
    }
}
