package dev.hupbot.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code ${NAME}} values come from: an env file, read again on every {@link #read()}, then
 * the process environment. The env file is the one given ({@code --env-file} /
 * {@code HUPBOT_ENV_FILE}), or else {@code .env} next to the bots file when it exists. A file
 * that was given, or that existed at an earlier read, and can no longer be read is a problem:
 * silently falling back to the process environment would reload with other tokens.
 */
public final class EnvSource {
    /** The env file's name next to the bots file. */
    public static final String DEFAULT_NAME = ".env";

    private final @Nullable Path file;
    private final boolean explicit;
    private final Map<String, String> process;
    // Set once the file was read: from then on it must stay readable. Only the reload thread
    // reads after start-up, but a CLI may share a loader between threads in tests.
    private volatile boolean seen;

    private EnvSource(@Nullable Path file, boolean explicit, Map<String, String> process) {
        this.file = file;
        this.explicit = explicit;
        this.process = Map.copyOf(process);
    }

    /** Only these variables, no env file. */
    public static EnvSource fixed(Map<String, String> variables) {
        return new EnvSource(null, false, variables);
    }

    /**
     * @param envFile the env file given on the command line or in {@code HUPBOT_ENV_FILE}, or
     *     null for {@code .env} next to {@code configFile} when it exists
     */
    public static EnvSource of(@Nullable Path envFile, Path configFile, Map<String, String> process) {
        return envFile != null
                ? new EnvSource(envFile, true, process)
                : new EnvSource(configFile.resolveSibling(DEFAULT_NAME), false, process);
    }

    /** The env file this source reads (whether or not it exists now), for a file watcher; empty when fixed. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The outcome of {@link #read()}: the variables, or every problem that prevents them. */
    public record Read(@Nullable Variables variables, List<Problem> problems) {
        public Read {
            problems = List.copyOf(problems);
        }
    }

    /** Reads the env file now (if any) and layers it over the process environment. Never throws. */
    public Read read() {
        Path path = file;
        if (path == null) {
            return new Read(Variables.of(process), List.of());
        }
        if (!explicit && !seen && !Files.exists(path) && !Files.isSymbolicLink(path)) {
            return new Read(Variables.layered(Map.of(), process), List.of());
        }
        String name = path.toString();
        String text;
        try {
            text = text(path);
        } catch (Unreadable e) {
            return new Read(null, List.of(Problem.error(name, 1, 1, "", String.valueOf(e.getMessage()))));
        }
        EnvFile.Parsed parsed = EnvFile.parse(name, text);
        if (!parsed.ok()) {
            return new Read(null, parsed.problems());
        }
        seen = true;
        return new Read(Variables.layered(parsed.values(), process), List.of());
    }

    /** A warning when the env file exists and group or others may read it. */
    public Optional<Problem> permissionWarning() {
        Path path = file;
        if (path == null || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return FilePermissions.readableWarning(path).map(w -> Problem.warning(path.toString(), 1, 1, "", w));
    }

    private String text(Path path) throws Unreadable {
        if (Files.isDirectory(path)) {
            throw new Unreadable("env file is a directory, not a file; point --env-file (or HUPBOT_ENV_FILE) at the"
                    + " file holding NAME=value lines");
        }
        if (!Files.exists(path)) {
            throw new Unreadable(explicit
                    ? "env file not found; check --env-file (or HUPBOT_ENV_FILE), or create it: cp config/.env.example " + path
                    : seen
                            ? "env file is gone (it was read before); restore it — hupbot keeps running with the values it has"
                            : "env file is a symbolic link to nothing; point it at the env file, or remove it");
        }
        if (!Files.isRegularFile(path)) {
            throw new Unreadable("env file is not a regular file (a FIFO, socket or device); point --env-file at a plain file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes(EnvFile.MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new Unreadable("env file: permission denied; let the user that runs hupbot read it (chmod 600, owned by that user)");
        } catch (NoSuchFileException e) {
            throw new Unreadable("env file is gone; restore it — hupbot keeps running with the values it has");
        } catch (IOException e) {
            throw new Unreadable("cannot read the env file (" + e.getClass().getSimpleName() + "); check the file and the disk");
        }
        if (content.length > EnvFile.MAX_BYTES) {
            throw new Unreadable("env file is over the limit of " + EnvFile.MAX_BYTES + " bytes (1 MiB); is it the right file?"
                    + " An env file holds a few NAME=value lines");
        }
        ConfigFileReader.Decoded decoded = ConfigFileReader.decode(content);
        String text = decoded.text();
        if (text == null) {
            throw new Unreadable("env file " + decoded.problem() + " (line " + decoded.pos().line() + ")");
        }
        return text;
    }

    /** Why the env file cannot be read; the message is the problem's text (never a value). */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
