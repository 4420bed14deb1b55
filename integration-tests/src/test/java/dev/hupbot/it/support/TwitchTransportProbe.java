package dev.hupbot.it.support;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.twitch.TwitchSettings;
import dev.hupbot.chat.twitch.TwitchTransport;
import dev.hupbot.config.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * One bot in chat, run as its own JVM on the packaged classpath (the jar and its lib/) plus this
 * class alone, so a runtime library missing from the package shows up as a failure. It prints
 * what it gets on stdout, closes on {@code quit} or end of input, and then must exit by itself:
 * a non-daemon thread left behind would keep it running.
 *
 * <p>Arguments: IRC URL, auth URL, token.
 */
public final class TwitchTransportProbe {
    private TwitchTransportProbe() {}

    public static void main(String[] args) throws IOException {
        TwitchSettings settings = TwitchSettings.defaults().withIrcUrl(args[0]).withAuthUrl(args[1]);
        try (TwitchTransport transport = new TwitchTransport(settings, Clock.systemUTC(),
                event -> System.out.println("event " + event.kind()))) {
            ChatConnection bot = transport.connect("probe", Secret.of(args[2]), Set.of("mychannel"),
                    m -> System.out.println("got #" + m.channel() + " " + m.user() + " " + m.level() + " " + m.text()));
            bot.send("mychannel", "hello from the jar");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            while (line != null && !line.equals("quit")) {
                line = in.readLine();
            }
        }
        System.out.println("closed");
    }
}
