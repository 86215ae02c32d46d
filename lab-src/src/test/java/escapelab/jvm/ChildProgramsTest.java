package escapelab.jvm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The class files Maven compiled from lab-src/src/child/java, as the lab hands them to child JVMs. */
class ChildProgramsTest {
    /** Class file major version of release 17, the oldest target JDK. */
    private static final int JAVA_17 = 61;

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    @Test
    void eachProgramComesWithItsNestedClasses() {
        assertEquals(List.of("LabEscapeDriver"), List.copyOf(ChildPrograms.classes("LabEscapeDriver").bytes().keySet()));
        assertEquals(List.of("LabLayoutProbe", "LabLayoutProbe$Entry"), List.copyOf(ChildPrograms.classes("LabLayoutProbe").bytes().keySet()));
        assertEquals(List.of("LabMisuse", "LabMisuse$Victim"), List.copyOf(ChildPrograms.classes("LabMisuse").bytes().keySet()));
    }

    @Test
    void theDriverAndTheProbeRunOnJdk17() {
        for (String program : List.of("LabEscapeDriver", "LabLayoutProbe")) {
            for (Map.Entry<String, byte[]> c : ChildPrograms.classes(program).bytes().entrySet()) {
                assertEquals(JAVA_17, majorVersion(c.getValue()), c.getKey());
            }
        }
    }

    /** A child's class path holds the program and these classes only: a reference to a lab class would fail there. */
    @Test
    void noChildProgramUsesALabClass() {
        for (String program : List.of("LabEscapeDriver", "LabLayoutProbe", "LabMisuse")) {
            for (Map.Entry<String, byte[]> c : ChildPrograms.classes(program).bytes().entrySet()) {
                // Every class a class file refers to is named in its constant pool in internal form (escapelab/jvm/Jdk).
                String text = new String(c.getValue(), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("escapelab/"), c.getKey() + " refers to a lab class");
            }
        }
    }
}
