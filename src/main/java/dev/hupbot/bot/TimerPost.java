package dev.hupbot.bot;

/** A timer message that is due: send {@code message} to {@code channel} (as configured). */
public record TimerPost(String channel, String message) {}
