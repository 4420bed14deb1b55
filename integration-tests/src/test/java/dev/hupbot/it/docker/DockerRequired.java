package dev.hupbot.it.docker;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests need a Docker engine. Without one they are skipped with the reason, unless
 * system property {@value #PROPERTY} is {@code true} (CI sets it): then they fail, so a CI
 * machine that lost its engine cannot pass by silently testing nothing.
 */
public final class DockerRequired implements BeforeAllCallback {
    public static final String PROPERTY = "hupbot.it.requireDocker";

    @Override
    public void beforeAll(ExtensionContext context) {
        check(Boolean.getBoolean(PROPERTY), DockerRequired::problem);
    }

    /** Returns when Docker answers; otherwise fails ({@code required}) or aborts the tests with the reason. */
    static void check(boolean required, Supplier<Optional<String>> problem) {
        Optional<String> why = problem.get();
        if (why.isEmpty()) {
            return;
        }
        if (required) {
            throw new AssertionError("Docker is not available (" + why.get() + "), and " + PROPERTY
                    + "=true forbids skipping the container tests: start a Docker engine (README, section Docker),"
                    + " or run without -D" + PROPERTY + "=true to skip them");
        }
        Assumptions.abort("Docker is not available (" + why.get() + "): container tests skipped;"
                + " -D" + PROPERTY + "=true makes this a failure");
    }

    private static Optional<String> problem() {
        try {
            DockerClientFactory.instance().client();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
