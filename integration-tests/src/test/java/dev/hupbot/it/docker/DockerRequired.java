package dev.hupbot.it.docker;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests need a Docker engine. Without one they are skipped with the reason, unless
 * system property {@value #PROPERTY} is {@code true} (CI sets it): then they fail, so a CI
 * machine that lost its engine cannot pass by silently testing nothing.
 */
public final class DockerRequired implements ExecutionCondition {
    public static final String PROPERTY = "hupbot.it.requireDocker";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = check(Boolean.getBoolean(PROPERTY), DockerRequired::problem);
        // Surefire's console shows a skipped class only as a count; say why where people look.
        result.getReason().filter(r -> result.isDisabled())
                .ifPresent(r -> System.err.println("[docker] " + context.getDisplayName() + " skipped: " + r));
        return result;
    }

    /** Enabled when Docker answers; otherwise disabled with the reason, or a failure when {@code required}. */
    static ConditionEvaluationResult check(boolean required, Supplier<Optional<String>> problem) {
        Optional<String> why = problem.get();
        if (why.isEmpty()) {
            return ConditionEvaluationResult.enabled("Docker answers");
        }
        if (required) {
            // A condition that throws fails the tests it guards, which is the point here.
            throw new AssertionError("Docker is not available (" + why.get() + "), and " + PROPERTY
                    + "=true forbids skipping the container tests: start a Docker engine (README, section Docker),"
                    + " or run without -D" + PROPERTY + "=true to skip them");
        }
        return ConditionEvaluationResult.disabled("Docker is not available (" + why.get() + "): container tests skipped;"
                + " -D" + PROPERTY + "=true makes this a failure");
    }

    /** Why Docker cannot be used, if it cannot; Testcontainers remembers the answer for the JVM. */
    private static Optional<String> problem() {
        try {
            DockerClientFactory.instance().client();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
