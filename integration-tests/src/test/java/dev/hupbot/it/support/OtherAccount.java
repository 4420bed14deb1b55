package dev.hupbot.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, unprivileged local account ({@value #NAME}) for the tests that play another user of
 * the machine: made with {@code useradd} when missing (the tests run as root here and in CI), and
 * commands run as it with {@code runuser}. When it cannot be made, the test fails under
 * {@code -Dhupbot.it.requireDocker=true} (CI) and is skipped with the reason otherwise.
 */
public final class OtherAccount {
    public static final String NAME = "hupbot-it-other";
    private static final String REQUIRE_PROPERTY = "hupbot.it.requireDocker";

    private OtherAccount() {}

    /** Makes sure the account exists, or fails/skips the test (see the class comment). */
    public static void require() {
        String why = problem();
        if (why == null) {
            return;
        }
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            Assertions.fail("a second local account is needed (" + why + ") and " + REQUIRE_PROPERTY
                    + "=true forbids skipping: run the tests as root, or with useradd available");
        }
        Assumptions.abort("no second local account (" + why + "); -D" + REQUIRE_PROPERTY + "=true makes this a failure");
    }

    private static String problem() {
        if (run(List.of("id", "-u", NAME)).exitCode() == 0) {
            return null;
        }
        Cli.Result made = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME));
        if (made.exitCode() != 0) {
            return "useradd " + NAME + " failed: " + made.stderr().strip();
        }
        return run(List.of("id", "-u", NAME)).exitCode() == 0 ? null : "useradd made no account";
    }

    /** Runs {@code command} as the other account. */
    public static Cli.Result runAs(List<String> command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        full.addAll(command);
        return run(full);
    }

    /** Runs {@code command} as this process's account. */
    public static Cli.Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Cli.Result(process.exitValue(), out, new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Cli.Result(127, new byte[0], e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
