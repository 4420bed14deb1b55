package dev.hupbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hupbot.bot.StatusFile;
import dev.hupbot.reload.PidFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.Locale;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hupbot status}: each bot's connection, channels and traffic, as the running process last wrote them. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Show each bot's state: connected, channels, messages in and out.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:running (with --health: and every enabled bot connected)",
            "1:a bot is out of chat or the process is stuck (with --health: also when no hupbot runs,"
                    + " since Docker health checks reserve 2)",
            "2:no hupbot runs on this data directory"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot status                      a table of the bots",
            "  hupbot status --json               the same as JSON",
            "  hupbot status --health             for HEALTHCHECK and probes"
        })
final class StatusCommand implements Callable<Integer> {
    /** The process rewrites its status every 2 s; older than this, it is stuck or gone. */
    static final Duration STALE_AFTER = Duration.ofSeconds(20);

    @Spec CommandSpec spec;
    @Mixin DataOption dataOption = new DataOption();

    @Option(names = "--json", description = "Print the status file as JSON.")
    boolean json;

    @Option(names = "--health", description = "Only check: exit 0 when running and every enabled bot is connected (for HEALTHCHECK).")
    boolean health;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Docker reserves health-check exit code 2, so --health says "not running" with 1
        int notRunning = health ? 1 : 2;
        Optional<JsonNode> status;
        try {
            status = new StatusFile(dataOption.data).read();
        } catch (RuntimeException e) {
            err.println("hupbot status: " + CliErrors.oneLine(e));
            return notRunning;
        }
        if (status.isEmpty()) {
            err.println("hupbot status: no running hupbot (no " + StatusFile.NAME + " in " + dataOption.data + ")");
            return notRunning;
        }
        JsonNode root = status.get();
        long pid = root.path("pid").asLong();
        // Only the process that holds the pidfile's lock runs here; any other pid is a leftover.
        PidFile.Found found = new PidFile(dataOption.data).running();
        if (!(found instanceof PidFile.Running running) || running.pid() != pid) {
            // a process killed without a clean shutdown leaves its last status behind
            String now = found instanceof PidFile.Running other ? ", not by the hupbot that runs there (pid "
                    + other.pid() + ")" : ", which is not running";
            err.println("hupbot status: no running hupbot (" + StatusFile.NAME + " in " + dataOption.data
                    + " was left by pid " + pid + now + ")");
            return notRunning;
        }
        Instant updated = Instant.parse(root.path("updated_at").asText(Instant.EPOCH.toString()));
        List<String> trouble = new ArrayList<>();
        if (Duration.between(updated, Instant.now()).compareTo(STALE_AFTER) > 0) {
            trouble.add("status not updated since " + updated + " (process stuck?)");
        }
        for (JsonNode bot : root.path("bots")) {
            if (bot.path("enabled").asBoolean() && !bot.path("connected").asBoolean()) {
                trouble.add("bot " + bot.path("name").asText() + " is not connected");
            }
        }
        if (health) {
            trouble.forEach(t -> err.println("unhealthy: " + t));
            return trouble.isEmpty() ? 0 : 1;
        }
        if (json) {
            out.println(root.toPrettyString());
        } else {
            print(root, out, Instant.now());
            trouble.forEach(t -> out.println("! " + t));
            // Not trouble for the exit code: the bots run, on the last good version.
            if (root.hasNonNull("config_note")) {
                out.println("! config: " + root.path("config_note").asText());
            }
        }
        return trouble.isEmpty() ? 0 : 1;
    }

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static void print(JsonNode root, PrintWriter out, Instant now) {
        String format = "%-25s %-9s %-9s %-30s %8s %8s  %-12s %-12s";
        // no trailing blanks: the table is read by people and by grep/diff alike
        out.println(String.format(format, "BOT", "ENABLED", "CONNECTED", "CHANNELS", "IN", "OUT", "LAST IN", "LAST OUT")
                .stripTrailing());
        for (JsonNode bot : root.path("bots")) {
            List<String> channels = new ArrayList<>();
            bot.path("channels").forEach(c -> channels.add("#" + c.asText()));
            out.println(String.format(format, bot.path("name").asText(), yesNo(bot, "enabled"), yesNo(bot, "connected"),
                    String.join(",", channels), bot.path("messages_in").asLong(), bot.path("messages_out").asLong(),
                    ago(bot.path("last_message_in"), now), ago(bot.path("last_message_out"), now)).stripTrailing());
        }
        List<String> streams = new ArrayList<>();
        root.path("streams").properties().forEach(e -> streams.add("#" + e.getKey() + " " + e.getValue().asText()));
        if (!streams.isEmpty()) {
            out.println("streams: " + String.join(", ", streams));
            List<String> away = new ArrayList<>();
            for (JsonNode bot : root.path("bots")) {
                if (bot.path("presence").asText("always").equals("live") && bot.path("connected").asBoolean()
                        && !bot.path("present").asBoolean()) {
                    away.add(bot.path("name").asText());
                }
            }
            out.println("away until the stream is live: " + (away.isEmpty() ? "none" : String.join(", ", away)));
        }
        JsonNode last = root.path("last_reload");
        if (last.isObject()) {
            String version = root.hasNonNull("config_version") ? "config version #" + root.path("config_version").asLong()
                    : "no config version";
            out.println("running " + version + "; last reload #" + last.path("id").asLong() + " ("
                    + last.path("trigger").asText() + ") " + last.path("outcome").asText() + " at "
                    + when(last.path("finished_at")) + ", " + ago(last.path("finished_at"), now));
        }
        out.println("pid " + root.path("pid").asLong() + ", status updated " + ago(root.path("updated_at"), now));
    }

    private static String yesNo(JsonNode bot, String field) {
        return bot.path(field).asBoolean() ? "yes" : "no";
    }

    private static @Nullable Instant instant(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String when(JsonNode value) {
        Instant at = instant(value);
        return at == null ? "-" : WHEN.format(at);
    }

    /** "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago": how people read a status table. */
    static String ago(JsonNode value, Instant now) {
        Instant at = instant(value);
        if (at == null) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(at, now).getSeconds());
        if (seconds < 1) {
            return "just now";
        }
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " d ago";
    }
}
