package dev.hupbot.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the current test made that must hold no secret, collected as it goes: every program's
 * output (hupbot processes, CLI commands, probes), every data directory with an audit database,
 * and every secret the test handed out (variables named like a secret, tokens the fake Twitch
 * minted). {@link NoSecretLeaks} checks them all after each test. Tests run one at a time.
 */
public final class SecretWatch {
    /** What the design treats as a secret variable: a name with TOKEN, KEY, SECRET or PASSWORD. */
    private static final List<String> SECRET_NAMES = List.of("TOKEN", "KEY", "SECRET", "PASSWORD");

    /** One program's output, read when the test ends (the program may still be writing until then). */
    record Output(String name, Supplier<List<String>> lines) {}

    private static final List<Output> OUTPUTS = new CopyOnWriteArrayList<>();
    private static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private SecretWatch() {}

    /** A program started with {@code env} (only what the test set, not the inherited environment). */
    public static void program(String name, Map<String, String> env, @Nullable Path dataDir, Supplier<List<String>> lines) {
        env.forEach((key, value) -> {
            String upper = key.toUpperCase(Locale.ROOT);
            if (SECRET_NAMES.stream().anyMatch(upper::contains)) {
                secret(value);
            }
        });
        if (dataDir != null) {
            DATA_DIRS.add(dataDir.toAbsolutePath().normalize());
        }
        OUTPUTS.add(new Output(name, lines));
    }

    /** A value that must appear in no output, log line or row. Short values would match by chance. */
    public static void secret(String value) {
        if (value.length() >= 8) {
            SECRETS.add(value);
        }
    }

    /** Everything collected since the last call; forgets it. */
    static Collected drain() {
        Collected collected = new Collected(List.copyOf(OUTPUTS), List.copyOf(DATA_DIRS), Set.copyOf(SECRETS));
        OUTPUTS.clear();
        DATA_DIRS.clear();
        SECRETS.clear();
        return collected;
    }

    record Collected(List<Output> outputs, List<Path> dataDirs, Set<String> secrets) {
        List<String> leaksInOutputs() {
            List<String> leaks = new ArrayList<>();
            for (Output output : outputs) {
                for (String line : output.lines().get()) {
                    if (secrets.stream().anyMatch(line::contains)) {
                        leaks.add(output.name() + ": " + line);
                    }
                }
            }
            return leaks;
        }
    }
}
