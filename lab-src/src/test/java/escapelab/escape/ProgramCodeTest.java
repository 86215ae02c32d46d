package escapelab.escape;

import escapelab.jvm.SourceCompiler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the sites of odd single-file programs are placed, from classes compiled in memory. */
class ProgramCodeTest {
    private static List<String> positions(String file, String source) {
        ProgramCode p = new ProgramCode(SourceCompiler.compile(List.of(new SourceCompiler.Source(file, source)), 25, List.of()),
                Map.of(file, source));
        return p.sites.stream().map(s -> s.position() + " " + s.what()).toList();
    }

    @Test
    void eachEnumConstantIsAtItsName() {
        // was 2:5 twice; $values' array has no source of its own and is placed at the enum's brace
        assertEquals(List.of("Colors.java:1:13 new Colors[2]", "Colors.java:2:10 new Colors", "Colors.java:2:5 new Colors",
                "Colors.java:4:16 new int[2]"), positions("Colors.java", """
                enum Colors {
                    RED, GREEN;
                    static int count() {
                        return new int[]{1, 2}.length;
                    }
                }
                """).stream().sorted().toList());
    }

    @Test
    void aStaticFieldsNewWithAStringArgumentStaysAtItsNew() {
        assertEquals(List.of("S.java:1:35 new StringBuilder"), positions("S.java",
                "class S { static final Object B = new StringBuilder(\"B\"); }\n"));
    }

    @Test
    void interfacesRecordsAndTwoTopLevelClassesHaveTheirSites() {
        assertEquals(List.of("I.java:1:40 new Object"), positions("I.java",
                "interface I { default int f() { return new Object().hashCode(); } }\n"));
        assertEquals(List.of("R.java:2:26 new IllegalArgumentException", "R.java:3:30 new R"), positions("R.java", """
                record R(int x, int y) {
                    R { if (x < 0) throw new IllegalArgumentException(); }
                    static int sum() { R r = new R(1, 2); return r.x() + r.y(); }
                }
                """).stream().sorted().toList());
        assertEquals(List.of("Two.java:1:35 new int[3]", "Two.java:2:35 new Object"), positions("Two.java", """
                class A { static int f() { return new int[3].length; } }
                class B { static int g() { return new Object().hashCode(); } }
                """).stream().sorted().toList());
    }
}
