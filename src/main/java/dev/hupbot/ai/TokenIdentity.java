package dev.hupbot.ai;

/** Who a Twitch token belongs to, from {@code GET /oauth2/validate}. */
public record TokenIdentity(String clientId, String login, String userId) {}
