package dev.hupbot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of the one-shot commands against a bare {@code java -version}, run side by side in
 * rounds (each round runs every command once, so load on the machine hits all of them alike):
 * with the launcher's JVM flags and no class-data archive ("before"), and with the archives the
 * package phase and the image build ("after", made here by the same script).
 */
final class Startup {
    /** The launcher's flags for one-shot commands (./hupbot, docker/hupbot). */
    static final List<String> CLI_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:CompileThresholdScaling=3", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** Builds the archives: hupbot-check.jsa, hupbot-diff.jsa and hupbot-cli.jsa (the others). */
    static final Path ARCHIVE_SCRIPT = Path.of("src", "main", "cds", "cds-archive");

    record Result(Map<String, Stats> before, Map<String, Stats> after, Stats javaVersion) {}

    private final Path jar;
    private final Path work;

    Startup(Path jar, Path work) {
        this.jar = jar.toAbsolutePath();
        this.work = work;
    }

    Result measure(int rounds) throws Exception {
        // `check` of the example crew is the figure: the file a newcomer checks first, with its
        // env file (the example's placeholders) beside it, as the quick start makes it.
        Path example = Files.createDirectories(work.resolve("startup-example"));
        Path config = example.resolve("bots.toml");
        Files.copy(Path.of("config", "bots.toml"), config, StandardCopyOption.REPLACE_EXISTING);
        Path envFile = example.resolve(".env");
        Files.deleteIfExists(envFile);
        Files.createFile(envFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(envFile, Files.readAllBytes(Path.of("config", ".env.example")));
        Path other = example.resolve("bots-other.toml");
        Files.writeString(other, Files.readString(config, StandardCharsets.UTF_8).replace("Hello {user}", "Hi {user}"),
                StandardCharsets.UTF_8);
        Path data = work.resolve("startup-data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        recordOneReload(config, data);

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("check", List.of("check", "--config", config.toString()));
        commands.put("diff", List.of("diff", "--config", config.toString(), config.toString(), other.toString()));
        commands.put("history", List.of("history", "--data", data.toString()));
        commands.put("status", List.of("status", "--data", data.toString()));
        commands.put("reload", List.of("reload", "--data", data.toString()));
        Path archives = Files.createDirectories(work.resolve("startup-archives"));
        List<String> script = new ArrayList<>(List.of("sh", ARCHIVE_SCRIPT.toString(), jar.toString(), archives.toString()));
        script.addAll(CLI_FLAGS);
        Process build = new ProcessBuilder(script).inheritIO().start();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("the archive script failed: " + script);
        }
        Map<String, List<Double>> before = new LinkedHashMap<>();
        Map<String, List<Double>> after = new LinkedHashMap<>();
        List<Double> javaVersion = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            javaVersion.add(run(List.of(java(), "-version")));
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                before.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(run(cli(List.of(), c.getValue())));
                Path archive = archives.resolve(c.getKey().equals("check") || c.getKey().equals("diff")
                        ? "hupbot-" + c.getKey() + ".jsa" : "hupbot-cli.jsa");
                after.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                        .add(run(cli(List.of("-XX:SharedArchiveFile=" + archive), c.getValue())));
            }
        }
        Map<String, Stats> b = new LinkedHashMap<>();
        Map<String, Stats> a = new LinkedHashMap<>();
        before.forEach((k, v) -> b.put(k, Stats.of(v)));
        after.forEach((k, v) -> a.put(k, Stats.of(v)));
        return new Result(b, a, Stats.of(javaVersion));
    }

    /** A real start-up reload, so history reads a real database; then a clean stop. */
    private void recordOneReload(Path config, Path data) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "run", "--chat", "shell",
                "--config", config.toString(), "--data", data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("startup-run.log").toFile());
        Process run = builder.start();
        Path pid = data.resolve("hupbot.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling for a file another process writes
        }
        run.destroy();
        run.waitFor(30, TimeUnit.SECONDS);
    }

    private List<String> cli(List<String> extra, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(CLI_FLAGS);
        command.addAll(extra);
        command.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Milliseconds from start to exit; the output is discarded, the exit code is not judged. */
    private double run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
