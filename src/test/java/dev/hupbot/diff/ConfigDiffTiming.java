package dev.hupbot.diff;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How long {@link ConfigDiff#between} takes for big configs: run by hand, not by the build
 * (timings are no assertions). Each bot has 3 channels, 3 commands, 2 timers, a 600-character
 * prompt and, one in four, a moderation table. Cases: one field of one bot changed (the usual
 * reload); one field of every bot changed (an edit of {@code [defaults]}); every bot's channels
 * reordered (no change, but every bot is unequal and compared field by field).
 *
 * <pre>java -cp target/classes:target/test-classes:$(deps) dev.hupbot.diff.ConfigDiffTiming</pre>
 */
public final class ConfigDiffTiming {
    private ConfigDiffTiming() {}

    public static void main(String[] args) {
        for (int size : new int[] {1_000, 10_000}) {
            BotsConfig before = config(size);
            // A reload compares against freshly loaded records, not the same objects.
            List<BotConfig> copies = new ArrayList<>(before.bots().stream().map(b -> Bots.with(b, d -> {})).toList());
            int middle = size / 2;
            copies.set(middle, Bots.with(copies.get(middle), b -> b.ai.temperature = 1.3));
            BotsConfig oneChange = new BotsConfig(copies);
            BotsConfig defaultsChanged = new BotsConfig(before.bots().stream()
                    .map(bot -> Bots.with(bot, b -> b.ai.temperature = 1.3))
                    .toList());
            BotsConfig allReordered = new BotsConfig(before.bots().stream()
                    .map(bot -> Bots.with(bot, b -> Collections.reverse(b.channels)))
                    .toList());

            report(size, "one field of one bot changed", before, oneChange, 1);
            report(size, "ai.temperature of every bot changed", before, defaultsChanged, size);
            report(size, "channels of every bot reordered (no change)", before, allReordered, 0);
        }
    }

    /**
     * Wall time, and the thread's CPU time: on a busy machine (several builds at once) the wall
     * time mostly measures waiting for a core, the CPU time what the diff itself costs.
     */
    private static void report(int size, String what, BotsConfig before, BotsConfig after, int expected) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int runs = 30;
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int warmup = 0; warmup < 10; warmup++) {
            ConfigDiff.between(before, after);
        }
        for (int i = 0; i < runs; i++) {
            long startCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            ConfigDiff diff = ConfigDiff.between(before, after);
            wall[i] = System.nanoTime() - start;
            cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
            if (diff.changes().size() != expected) {
                throw new AssertionError(diff.summary());
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%,6d bots, %-45s wall median %7.2f ms (min %7.2f); cpu median %7.2f ms (min %7.2f)%n",
                size, what, wall[runs / 2] / 1e6, wall[0] / 1e6, cpu[runs / 2] / 1e6, cpu[0] / 1e6);
    }

    static BotsConfig config(int size) {
        List<BotConfig> bots = new ArrayList<>(size);
        String prompt = "You are a friendly chat bot. ".repeat(20);
        for (int i = 0; i < size; i++) {
            int n = i;
            bots.add(Bots.with(Bots.bot(String.format("bot_%05d", i)), b -> {
                b.token = Secret.of("oauth:token-" + n);
                b.channels = new ArrayList<>(List.of("chan_a" + n % 7, "chan_b" + n % 11, "chan_c" + n % 13));
                b.ai.systemPrompt = prompt + n;
                for (String name : List.of("hello", "lurk", "discord")) {
                    b.commands.put(name, new CommandConfig(
                            name, "Response to !" + name + " for {user}", List.of(name + "1", name + "2"), 10, 30,
                            Permission.EVERYONE));
                }
                b.timers = List.of(new TimerConfig("Follow the channel!", 900, 5), new TimerConfig("Hydrate!", 1800, 0));
                if (n % 4 == 0) {
                    b.role = dev.hupbot.config.Role.MODERATOR;
                    b.moderation = ConfigDiffTest.moderation(List.of("no spam", "no slurs"));
                }
            }));
        }
        return new BotsConfig(bots);
    }
}
