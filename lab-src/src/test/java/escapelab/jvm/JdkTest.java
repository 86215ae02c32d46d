package escapelab.jvm;

import escapelab.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkTest {
    @Test
    void theLabRunsOnItsOwnJdk() {
        Jdk jdk = Jdk.current();
        assertEquals(Runtime.version().feature(), jdk.feature());
        assertTrue(jdk.hasCompiler(), "the lab's JDK must have javac: " + jdk);
        assertEquals(jdk, Jdk.at(jdk.home()));
    }

    @Test
    void aFolderWithoutJavaIsNotAJdkAndTheMessageSaysWhatToPass(@TempDir Path dir) {
        LabException e = assertThrows(LabException.class, () -> Jdk.at(dir));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains(dir + " is not a JDK"), e.getMessage());
        assertTrue(e.getMessage().contains("--jdk /usr/lib/jvm/"), e.getMessage());
    }

    @Test
    void aJdkOlderThan17IsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        fakeJdk(dir, "11.0.2");
        LabException e = assertThrows(LabException.class, () -> Jdk.at(dir));
        assertEquals(LabException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("JDK 11.0.2; the lab needs JDK 17 or later"), e.getMessage());
    }

    @Test
    void aReleaseFileWithANumberTooLongForAReleaseIsNotAJdk(@TempDir Path dir) throws Exception {
        fakeJdk(dir, "99999999999");
        assertEquals(null, Jdk.probe(dir), "was a NumberFormatException");
    }

    @Test
    void oldStyleVersionsAreRead(@TempDir Path dir) throws Exception {
        fakeJdk(dir, "1.8.0_402");
        assertEquals(8, Jdk.probe(dir).feature());
    }

    @Test
    void theFinderFindsEachJdkOnceThroughLinks(@TempDir Path dir) throws Exception {
        Path home = Jdk.current().home();
        Files.createSymbolicLink(dir.resolve("link-a"), home);
        Files.createSymbolicLink(dir.resolve("link-b"), home);
        Files.createDirectory(dir.resolve("not-a-jdk"));
        List<Jdk> found = new JdkFinder(List.of(home), List.of(dir, dir.resolve("missing"))).find();
        assertEquals(List.of(Jdk.current()), found);
    }

    @Test
    void theFinderListsNewestFirst(@TempDir Path dir) throws Exception {
        fakeJdk(Files.createDirectory(dir.resolve("old")), "17.0.1");
        fakeJdk(Files.createDirectory(dir.resolve("new")), "21.0.4");
        List<Integer> features = new JdkFinder(List.of(), List.of(dir)).find().stream().map(Jdk::feature).toList();
        assertEquals(List.of(21, 17), features);
    }

    /** The one list of install folders, which ./lab reads too; ~ is the home folder. */
    @Test
    void theDefaultFoldersComeFromJdkDirsTxt() {
        List<String> dirs = JdkFinder.defaultDirs("/home/someone");
        assertEquals("/usr/lib/jvm", dirs.get(0));
        assertTrue(dirs.contains("/home/someone/.sdkman/candidates/java"), dirs.toString());
        assertTrue(dirs.stream().noneMatch(d -> d.startsWith("#") || d.startsWith("~") || d.isBlank()), dirs.toString());
    }

    static void fakeJdk(Path home, String version) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    }
}
