package escapelab.ledger;

import escapelab.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is refused before any JVM is started: one line that names the file and the fix, exit 1. */
class JavaLedgerInputTest {
    @TempDir
    Path dir;

    private String refused(Path program, JavaLedger.Options options) {
        LabException e = assertThrows(LabException.class, () -> JavaLedger.run(program, options));
        assertEquals(LabException.INPUT, e.exitCode());
        return e.getMessage();
    }

    private String refused(Path program) {
        return refused(program, JavaLedger.Options.defaults());
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    /** A folder named relative to the working folder, and a file name with a space: javac's message, not a crash. */
    @Test
    void aRelativeFolderAndASpaceInAName() throws Exception {
        write("rel/with space.java", "class Broken { int x = ; }");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel"));
        String m = refused(relative);
        assertTrue(m.contains("with space.java:1:") && m.contains("illegal start of expression"), m);
    }

    @Test
    void aFileThatIsNotUtf8() throws Exception {
        Path f = dir.resolve("Latin.java");
        Files.write(f, "public class Latin { // caf\u00e9\n public static void main(String[] a) { } }\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("cannot read " + f + ": it is not UTF-8 text; save it as UTF-8 and run again", refused(f));
    }

    @Test
    void aMissingFile() {
        assertEquals("no such file or folder: " + dir.resolve("Gone.java"), refused(dir.resolve("Gone.java")));
    }

    @Test
    void aJarThatIsNotAJar() throws Exception {
        Path jar = write("app.jar", "not a zip");
        String m = refused(jar);
        assertTrue(m.startsWith(jar + " is not a jar"), m);
    }

    @Test
    void noMainMethod() throws Exception {
        Path f = write("Lib.java", "public class Lib { static int twice(int x) { return 2 * x; } }");
        String m = refused(f);
        assertTrue(m.startsWith(f + ": no class has a main method"), m);
        assertTrue(m.contains("--main"), m);
    }

    @Test
    void aMainClassThatIsNotThere() throws Exception {
        Path f = write("App.java", "public class App { public static void main(String[] a) { } }");
        String m = refused(f, JavaLedger.Options.defaults().mainClass("demo.Missing"));
        assertEquals("--main demo.Missing: no such class in " + f, m);
    }

    @Test
    void aCompileErrorNamesFileAndLine() throws Exception {
        Path f = write("src/Broken.java", "public class Broken {\n  public static void main(String[] a) { int x = \"s\"; }\n}\n");
        String m = refused(dir.resolve("src"));
        assertTrue(m.startsWith("Broken.java:2:"), m);
    }

    @Test
    void aClassPathEntryThatIsNotThere() throws Exception {
        Path f = write("App.java", "public class App { public static void main(String[] a) { } }");
        String m = refused(f, JavaLedger.Options.defaults().classPath(List.of(dir.resolve("lib/gson.jar"))));
        assertEquals("--cp: no such jar or folder: " + dir.resolve("lib/gson.jar"), m);
    }

    @Test
    void severalMainsAskForOne() throws Exception {
        write("two/A.java", "public class A { public static void main(String[] a) { } }");
        write("two/B.java", "public class B { public static void main(String[] a) { } }");
        String m = refused(dir.resolve("two"));
        assertTrue(m.contains("several classes have a main method (A, B); choose one with --main"), m);
    }

    @Test
    void jvmFlagsAreReadAsTheEngineReadsFlagValues() {
        assertEquals(Map.of("TieredStopAtLevel", "1", "DoEscapeAnalysis", "false", "UseSerialGC", "true"),
                JavaLedger.settingsOf(List.of("-XX:TieredStopAtLevel=1", "-XX:-DoEscapeAnalysis", "-XX:+UseSerialGC", "-Xmx1g")));
    }

    @Test
    void theLaunchersOwnErrorIsTheFailureWhenMainNeverRan() {
        // JDK 17's java, recorded: a class compiled by JDK 25, and a main class that is not there.
        String tooNew = "Error: LinkageError occurred while loading main class X\n\tjava.lang.UnsupportedClassVersionError: X has been"
                + " compiled by a more recent version of the Java Runtime (class file version 69.0), this version of the Java Runtime"
                + " only recognizes class file versions up to 61.0\n";
        assertEquals("Error: LinkageError occurred while loading main class X java.lang.UnsupportedClassVersionError: X has been"
                + " compiled by a more recent version of the Java Runtime (class file version 69.0), this version of the Java Runtime"
                + " only recognizes class file versions up to 61.0", JavaLedger.launcherError(tooNew));
        assertEquals("Error: Could not find or load main class Ghost Caused by: java.lang.ClassNotFoundException: Ghost",
                JavaLedger.launcherError("Error: Could not find or load main class Ghost\nCaused by: java.lang.ClassNotFoundException: Ghost\n"));
        assertEquals(null, JavaLedger.launcherError("some output\nError: the program's own words\n"));
    }

    @Test
    void theUncaughtExceptionLineIsTheFailure() {
        String stderr = "some output\nException in thread \"main\" java.lang.IllegalStateException: done\n\tat App.main(App.java:7)\n";
        assertEquals("Exception in thread \"main\" java.lang.IllegalStateException: done at App.main(App.java:7)", JavaLedger.thrown(stderr));
    }
}
