package dev.hupbot.it.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The packaged jar running as a real process ({@code hupbot run}), with its stdout (chat) and
 * log collected line by line, stdin to type chat into, and real signals to its pid.
 *
 * <p>The log is what {@link #stderr()} and {@link #awaitStderr} see: the process's stderr, plus,
 * in the shell chat (which logs to {@code DATA/hupbot.log} and shows only short warning lines on
 * the terminal), the lines appended to that file since this process started, in place of those
 * short lines, so a test finds each log line once whatever the mode. {@link #terminal()} is the
 * stderr exactly as a user sees it.
 */
public final class HupbotProcess implements AutoCloseable {
    /** How the shell chat shows a warning or error on the terminal; the full line is in the log file. */
    private static final List<String> SHORT_LINE_PREFIXES = List.of("hupbot: warning: ", "hupbot: error: ");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final List<String> terminal = new CopyOnWriteArrayList<>();
    private final List<String> logFile = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;

    private HupbotProcess(Process process, Path logPath, long logStart) {
        this.process = process;
        this.stdin = process.getOutputStream();
        collect(process.getInputStream(), out::add, "hupbot-stdout");
        collect(process.getErrorStream(), line -> {
            terminal.add(line);
            if (SHORT_LINE_PREFIXES.stream().noneMatch(line::startsWith)) {
                err.add(line);
            }
        }, "hupbot-stderr");
        LogTail.follow(logPath, logStart, process, line -> {
            logFile.add(line);
            err.add(line);
        });
    }

    /** Starts {@code hupbot run --config CONFIG --data DATA} plus {@code extraArgs}, with {@code env} added. */
    public static HupbotProcess start(Path config, Path data, Map<String, String> env, String... extraArgs) {
        return start(Jar.javaCommand(), config, data, env, extraArgs);
    }

    /** As {@link #start(Path, Path, Map, String...)}, with the given {@code java ... -jar hupbot.jar} command. */
    public static HupbotProcess start(List<String> javaCommand, Path config, Path data, Map<String, String> env,
            String... extraArgs) {
        return start(javaCommand, config, data, env, true, extraArgs);
    }

    /** Starts it with {@code env} as its whole environment: nothing inherited, nothing exported. */
    public static HupbotProcess startWithOnly(Path config, Path data, Map<String, String> env, String... extraArgs) {
        return start(Jar.javaCommand(), config, data, env, false, extraArgs);
    }

    private static HupbotProcess start(List<String> javaCommand, Path config, Path data, Map<String, String> env,
            boolean inherit, String... extraArgs) {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(List.of("run", "--config", config.toString(), "--data", data.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (!inherit) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        try {
            Path logPath = data.resolve("hupbot.log");
            long logStart = LogTail.size(logPath); // a data directory used before keeps its old lines
            HupbotProcess started = new HupbotProcess(builder.start(), logPath, logStart);
            SecretWatch.program("hupbot run (pid " + started.pid() + ")", env, data, () -> {
                List<String> lines = new ArrayList<>(started.out);
                lines.addAll(started.terminal);
                lines.addAll(started.logFile);
                return lines;
            });
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it with the shell chat. */
    public static HupbotProcess shell(Path config, Path data, Map<String, String> env) {
        return start(config, data, env, "--chat", "shell");
    }

    private static void collect(InputStream stream, Consumer<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Types a chat line into the shell ({@code [#channel] [user:] text}). */
    public void say(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes stdin: the shell chat's end of input, as the end of a pipe or Ctrl-D. */
    public void endInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a real signal (HUP, TERM, INT, KILL) with kill(1). */
    public void signal(String name) {
        Signals.send(pid(), name);
    }

    public List<String> stdout() {
        return List.copyOf(out);
    }

    /** The log: stderr, and in the shell chat the lines of {@code DATA/hupbot.log} (see the class comment). */
    public List<String> stderr() {
        return List.copyOf(err);
    }

    /** Stderr exactly as the process wrote it: what a user sees on the terminal. */
    public List<String> terminal() {
        return List.copyOf(terminal);
    }

    /** The lines this process appended to {@code DATA/hupbot.log} (shell chat), as read so far. */
    public List<String> logFile() {
        return List.copyOf(logFile);
    }

    public int stdoutSize() {
        return out.size();
    }

    /** Waits for a stdout line after position {@code from} that matches; returns it. */
    public String awaitStdout(int from, Predicate<String> match, Duration timeout) {
        return awaitLine("stdout", out, from, match, timeout);
    }

    public String awaitStderr(int from, Predicate<String> match, Duration timeout) {
        return awaitLine("stderr", err, from, match, timeout);
    }

    public int stderrSize() {
        return err.size();
    }

    private String awaitLine(String what, List<String> lines, int from, Predicate<String> match, Duration timeout) {
        String[] found = new String[1];
        try {
            awaitLineOrFail(what, lines, from, match, timeout, found);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " line after #" + from + " of hupbot matched within " + timeout
                    + "\nstdout now:\n" + String.join("\n", tail(out)) + "\nstderr now:\n" + String.join("\n", tail(err))
                    + "\nthreads of hupbot:\n" + threadDump(), e);
        }
        return found[0];
    }

    /** What every thread of the process was doing: the first thing to look at when it hangs. */
    public String threadDump() {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        try {
            Process dump = new ProcessBuilder(jstack.toString(), Long.toString(pid())).redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(20, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private void awaitLineOrFail(String what, List<String> lines, int from, Predicate<String> match, Duration timeout,
            String[] found) {
        await().alias("a " + what + " line after #" + from)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    for (int i = from; i < lines.size(); i++) {
                        if (match.test(lines.get(i))) {
                            found[0] = lines.get(i);
                            return true;
                        }
                    }
                    return false;
                });
    }

    private static List<String> tail(List<String> lines) {
        List<String> copy = List.copyOf(lines);
        return copy.subList(Math.max(0, copy.size() - 30), copy.size());
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("hupbot did not exit within " + timeout + "; stderr:\n" + String.join("\n", tail(err)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
