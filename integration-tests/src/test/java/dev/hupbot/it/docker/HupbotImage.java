package dev.hupbot.it.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image built from the project's own Dockerfile, once per test JVM. It keeps a fixed tag and
 * is not deleted at exit: removing it would also remove its untagged parent layers, the daemon's
 * layer cache, and every run would download the Maven dependencies again.
 */
public final class HupbotImage {
    public static final String NAME = "hupbot-it/hupbot:test";
    /** Set (by ../shared/ci/docker-env.sh, say) to a local image that stands in for both base images. */
    public static final String BASE_IMAGE_VARIABLE = "HUPBOT_IT_BASE_IMAGE";

    private static @Nullable String built;

    private HupbotImage() {}

    public static synchronized String name() {
        if (built == null) {
            built = build(projectRoot());
        }
        return built;
    }

    private static String build(Path root) {
        ImageFromDockerfile image = new ImageFromDockerfile(NAME, false)
                .withFileFromPath("Dockerfile", root.resolve("Dockerfile"));
        // The context is what .dockerignore lets in, as `docker build .` would send it.
        for (String path : contextPaths(root)) {
            image.withFileFromPath(path, root.resolve(path));
        }
        String base = System.getenv(BASE_IMAGE_VARIABLE);
        if (base != null && !base.isBlank()) {
            image.withBuildArg("BUILD_IMAGE", base).withBuildArg("RUNTIME_IMAGE", base);
        }
        long start = System.nanoTime();
        String name = image.get();
        System.out.printf(Locale.ROOT, "[docker] image %s built from %s in %.1f s (base %s)%n", name, root.resolve("Dockerfile"),
                (System.nanoTime() - start) / 1e9, base == null || base.isBlank() ? "the Dockerfile's defaults" : base);
        return name;
    }

    /**
     * The paths a {@code *}-then-{@code !path} .dockerignore lets in. Only that whitelist form is
     * read; anything else is an error here rather than a context that differs from docker build's.
     */
    static List<String> contextPaths(Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(".dockerignore")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(".dockerignore"), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals("*")
                || lines.stream().skip(1).anyMatch(l -> !l.startsWith("!") || l.contains("*"))) {
            throw new IllegalStateException(".dockerignore is no longer '*' followed by '!path' lines; teach "
                    + HupbotImage.class.getSimpleName() + " the new form");
        }
        return lines.stream().skip(1).map(l -> l.substring(1)).toList();
    }

    /** The checkout: failsafe runs the tests in the project's base directory. */
    static Path projectRoot() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("Dockerfile"))) {
            throw new IllegalStateException("no Dockerfile in " + root + "; run the container tests from the project"
                    + " directory (mvn verify does)");
        }
        return root;
    }
}
