package escapelab.jvm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceCompilerTest {
    private static final SourceCompiler.Source USES_GSON = new SourceCompiler.Source("Json.java",
            "public class Json { Object g = new com.google.gson.Gson(); }");

    /** Gson is on the lab's own class path, never on the program's: the program must not compile against it. */
    @Test
    void withoutAClassPathOnlyTheJdkIsSeenNotTheLabsOwnLibraries() {
        CompileError e = assertThrows(CompileError.class, () -> SourceCompiler.compile(List.of(USES_GSON), 17, List.of()));
        assertTrue(e.getMessage().contains("package com.google.gson does not exist"), e.getMessage());
    }

    @Test
    void aClassPathGivenIsSeen() throws Exception {
        java.nio.file.Path gson = java.nio.file.Path.of(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(List.of("Json"), List.copyOf(SourceCompiler.compile(List.of(USES_GSON), 17, List.of(gson)).bytes().keySet()));
    }
}
