package dev.hupbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The machine the numbers came from, as the header of PERFORMANCE.md states it. */
final class Machine {
    private Machine() {}

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, """
                | machine | |
                |---|---|
                | CPU | %s |
                | cores (available to the JVM) | %d |
                | memory | %s |
                | OS | %s %s (%s) |
                | JVM | %s %s (%s) |
                | written | %s |
                | load average now | %s |
                """,
                cpuModel(), runtime.availableProcessors(), memTotal(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                Bench.WHEN.format(Instant.now()), loadAverage());
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    static String memTotal() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\D", "");
        return kb.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    }

    /** The 1, 5 and 15 minute load averages: on a shared machine, how much else was running. */
    static String loadAverage() {
        try {
            List<String> fields = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"));
            return String.join(" / ", fields.subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: say so below
        }
        return "unknown";
    }
}
