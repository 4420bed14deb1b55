package dev.hupbot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the packaged jar is (failsafe passes {@code hupbot.jar}) and how to start it. */
public final class Jar {
    private Jar() {}

    public static Path path() {
        Path jar = Path.of(System.getProperty("hupbot.jar", "target/hupbot.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar + "; run `mvn package` first (mvn verify does)");
        }
        return jar;
    }

    /** {@code java <small heap> -jar hupbot.jar}: the same way the launcher and the image start it. */
    public static List<String> javaCommand() {
        return javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** {@code java <jvmOptions> -jar hupbot.jar}: the benchmarks run it with the image's options. */
    public static List<String> javaCommand(List<String> jvmOptions) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", path().toString()));
        return List.copyOf(command);
    }
}
