package dev.hupbot.ai;

/**
 * One rule break the model reported. {@code durationSeconds} is what it asked for, 0 when it
 * named none; the moderator caps it.
 */
record Violation(String user, String reason, long durationSeconds) {}
