package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OutOfMemoryExitTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Integer> halts = new ArrayList<>();
    private final OutOfMemoryExit handler = new OutOfMemoryExit(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            halts::add);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOutOfMemoryErrorHaltsWithCodeThreeAfterOneLine() {
        handler.uncaughtException(new Thread("HttpClient-1-Worker-0"), new OutOfMemoryError("Java heap space"));

        assertThat(halts).containsExactly(3);
        assertThat(err()).isEqualTo("hupbot run: out of memory in thread HttpClient-1-Worker-0; exiting with code 3"
                + " so that a supervisor restarts a clean process" + System.lineSeparator());
    }

    @Test
    void anOutOfMemoryErrorUnderAnotherFailureHaltsToo() {
        handler.uncaughtException(new Thread("worker"), new RuntimeException(new ExecutionException(new OutOfMemoryError())));

        assertThat(halts).containsExactly(OutOfMemoryExit.EXIT_CODE);
    }

    @Test
    void anyOtherFailureIsPrintedAsTheJvmWouldAndTheProcessCarriesOn() {
        handler.uncaughtException(new Thread("worker"), new IllegalStateException("boom"));

        assertThat(halts).isEmpty();
        assertThat(err()).startsWith("Exception in thread \"worker\" java.lang.IllegalStateException: boom");
    }
}
