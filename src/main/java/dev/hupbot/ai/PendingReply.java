package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import java.time.Duration;

/**
 * A reply a bot owes: to {@code trigger}, whose place in the history is {@code triggerSeq}, after
 * the human-like {@code delay}.
 */
record PendingReply(ChatMessage trigger, long triggerSeq, Duration delay) {}
