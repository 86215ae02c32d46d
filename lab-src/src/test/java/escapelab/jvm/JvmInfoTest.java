package escapelab.jvm;

import escapelab.LabException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facts notebook 00 shows, checked against the live JVM. */
class JvmInfoTest {
    private final Jdk jdk = Jdk.current();

    @Test
    void theCurrentJvmKnowsItsCollectorAndOops() {
        JvmInfo info = JvmInfo.current();
        assertNotEquals("unknown", info.collector());
        assertEquals("true", info.compressedOops(), "tests run with a heap far below 32 GiB");
        assertTrue(info.maxHeapBytes() > 0);
    }

    @Test
    @Tag("live")
    void compactHeadersAreAFlagOfJdk25() {
        assertEquals("false", JvmInfo.of(jdk, List.of()).compactHeaders());
        assertEquals("true", JvmInfo.of(jdk, List.of("-XX:+UseCompactObjectHeaders")).compactHeaders());
    }

    @Test
    @Tag("live")
    void aHeapOver32GibTurnsCompressedOopsOff() {
        assertEquals("false", JvmInfo.of(jdk, List.of("-XX:-UseCompressedOops")).compressedOops());
        JvmInfo big = JvmInfo.of(jdk, List.of("-Xmx40g"));
        assertEquals("false", big.compressedOops());
        assertEquals(40L << 30, big.maxHeapBytes());
    }

    @Test
    @Tag("live")
    void theCollectorFollowsTheFlag() {
        assertEquals("Serial", JvmInfo.of(jdk, List.of("-XX:+UseSerialGC")).collector());
        assertEquals("Z", JvmInfo.of(jdk, List.of("-XX:+UseZGC")).collector());
    }

    @Test
    @Tag("live")
    void aFlagTheJvmDoesNotKnowIsAnInputErrorWithTheJvmsOwnWords() {
        LabException e = assertThrows(LabException.class, () -> JvmInfo.of(jdk, List.of("-XX:+UseMagicGC")));
        assertEquals(LabException.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("Unrecognized VM option 'UseMagicGC'"), e.getMessage());
    }

    @Test
    @Tag("live")
    void compareLinesJvmsUpInColumns() {
        String text = JvmInfo.compare(List.of(JvmInfo.of(jdk, List.of()),
                JvmInfo.of(jdk, List.of("-XX:+UseCompactObjectHeaders")))).toText();
        assertTrue(text.lines().anyMatch(l -> l.matches("compact object headers\\s+false\\s+true")), text);
    }
}
