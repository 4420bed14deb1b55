package dev.hupbot.presence;

import java.util.Optional;

/** A token of the crew for Helix, now (tokens rotate); empty while no bot has one. */
@FunctionalInterface
public interface CrewAuth {
    Optional<HelixAuthSource> current();

    /** One bot's login and access token; the client id is asked of Twitch's validate. */
    record HelixAuthSource(String bot, dev.hupbot.config.Secret token) {}
}
