package dev.hupbot.config;

/** A message posted every {@code intervalSeconds}, if chat saw {@code minChatLines} since. */
public record TimerConfig(String message, long intervalSeconds, int minChatLines) {}
