package escapelab.jvm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceCompilerTest {
    private static final SourceCompiler.Source USES_GSON = new SourceCompiler.Source("Json.java",
            "public class Json { Object g = new com.google.gson.Gson(); }");

    @Test
    void anErrorOnALineTheLabPrefixedReadsAsTheUsersLine() {
        String prefix = "package bench; ";
        CompileError e = assertThrows(CompileError.class, () -> SourceCompiler.compile(
                List.of(new SourceCompiler.Source("B.java", prefix + "class B { int x = ; }\nclass C { int y = ; }\n")), 17, List.of()));
        assertTrue(e.getMessage().startsWith("B.java:1:34: error: illegal start of expression\n    " + prefix), e.getMessage());
        assertEquals("""
                B.java:1:19: error: illegal start of expression
                    class B { int x = ; }
                                      ^
                B.java:2:19: error: illegal start of expression
                    class C { int y = ; }
                                      ^
                2 errors: fix the source and run again""", e.withoutPrefixOnLine1("B.java", prefix).getMessage());
        // javac pointing into the prefix itself: the caret goes to the start of the user's line.
        CompileError inPrefix = new CompileError("B.java:1:9: error: x\n    " + prefix + "class B {}\n            ^\n1 error: fix the source and run again");
        assertEquals("B.java:1:1: error: x\n    class B {}\n    ^\n1 error: fix the source and run again",
                inPrefix.withoutPrefixOnLine1("B.java", prefix).getMessage());
    }

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

    @Test
    void aSourceFileTooLargeToReadIsRefusedUnread(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path big = dir.resolve("Big.java");
        try (var out = java.nio.file.Files.newOutputStream(big)) {
            out.write(new byte[(int) SourceCompiler.Source.MAX_BYTES + 1]);
        }
        escapelab.LabException e = assertThrows(escapelab.LabException.class, () -> SourceCompiler.Source.of(big));
        assertTrue(e.getMessage().endsWith("the lab reads source files of up to 16,777,216"), e.getMessage());
    }
}
