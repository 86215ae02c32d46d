package escapelab.escape;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LimitsTest {
    /** Lines as JDK 25's -XX:+PrintFlagsFinal prints them, with the header line and the version banner around them. */
    @Test
    void readsFlagValuesFromPrintFlagsFinal() {
        String out = """
                [Global flags]
                     bool DoEscapeAnalysis                         = true                                   {C2 product} {default}
                     intx InlineSmallCode                          = 2500                                {C2 pd product} {default}
                     intx MaxBCEAEstimateSize                      = 150                                       {product} {default}
                     bool ReduceAllocationMerges                   = true                                {C2 diagnostic} {default}
                openjdk version "25.0.3" 2026-04-21 LTS
                """;
        assertEquals(Map.of("DoEscapeAnalysis", "true", "InlineSmallCode", "2500", "MaxBCEAEstimateSize", "150",
                "ReduceAllocationMerges", "true"), Limits.parse(out));
    }
}
