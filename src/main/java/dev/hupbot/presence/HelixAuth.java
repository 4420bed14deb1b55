package dev.hupbot.presence;

import dev.hupbot.config.Secret;

/** A user token of the crew and its application's client id: what Helix wants on every call. */
record HelixAuth(String bot, String clientId, Secret token) {}
