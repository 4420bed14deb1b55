package dev.hupbot.cli;

import dev.hupbot.chat.twitch.TwitchSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code hupbot auth} command needs: the bots file, the data directory, and Twitch's OAuth URL. */
final class AuthOptions {
    static final String CLIENT_ID_VARIABLE = RunCommand.CLIENT_ID_VARIABLE;

    @Mixin ConfigOption configOption = new ConfigOption();
    @Mixin DataOption dataOption = new DataOption();

    @Option(names = "--twitch-auth-url", paramLabel = "URL", defaultValue = "${env:HUPBOT_TWITCH_AUTH_URL:-" + TwitchSettings.TWITCH_AUTH_URL + "}",
            description = "Twitch OAuth2 URL: /device, /token, /validate, /revoke below it (env HUPBOT_TWITCH_AUTH_URL; default: ${DEFAULT-VALUE}).")
    String twitchAuthUrl = TwitchSettings.TWITCH_AUTH_URL;
}
