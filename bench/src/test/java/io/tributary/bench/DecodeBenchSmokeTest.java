package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * NEEDS THE REAL DECODER: red against the STUB ThriftRowDecoder (the cross-check before timing calls its decode(),
 * which throws). Runs {@code DecodeBench --quick} in this JVM and checks only the format of the last line: no timing
 * thresholds.
 */
@DisplayName("bench decode --quick smoke (needs the real ThriftRowDecoder; red against the STUB)")
class DecodeBenchSmokeTest {

    private static final Pattern LAST_LINE =
        Pattern.compile("decode speedup: \\d+\\.\\dx \\(ours \\d+ rows/s, baseline \\d+ rows/s\\)");

    @Test
    void quickRunPrintsTheSpeedupLineLast() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        String returned = DecodeBench.run(new String[] {"--quick", "--events", "256"}, out);
        String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\\R");
        String last = lines[lines.length - 1];
        System.out.println(buffer.toString(StandardCharsets.UTF_8));
        assertTrue(LAST_LINE.matcher(last).matches(), "last line: " + last);
        assertTrue(last.equals(returned));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("event shape: "));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("JVM: "));
    }
}
