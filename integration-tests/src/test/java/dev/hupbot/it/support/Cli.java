package dev.hupbot.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs one {@code hupbot} command as a process and collects its exit code and output. */
public final class Cli {
    private Cli() {}

    /** Exit code, stdout as raw bytes and text, stderr text. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }

    public static Result run(Map<String, String> env, String... args) {
        return run(true, env, args);
    }

    /** Runs it with {@code env} as its whole environment, as from a second terminal with nothing exported. */
    public static Result runWithOnly(Map<String, String> env, String... args) {
        return run(false, env, args);
    }

    private static Result run(boolean inherit, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(Jar.javaCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (!inherit) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hupbot " + String.join(" ", args) + " did not finish within 90 s");
            }
            Result result = new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
            SecretWatch.program("hupbot " + String.join(" ", args), env, dataDir(env, args),
                    () -> List.of(result.stdout(), result.stderr()));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The data directory a command works on, when it names one: its audit database is checked too. */
    private static @Nullable Path dataDir(Map<String, String> env, String... args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--data")) {
                return Path.of(args[i + 1]);
            }
        }
        String fromEnv = env.get("HUPBOT_DATA");
        return fromEnv == null ? null : Path.of(fromEnv);
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
