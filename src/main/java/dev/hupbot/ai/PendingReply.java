package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import java.time.Duration;

/**
 * A reply a bot owes: to {@code trigger}, whose place in the history is {@code triggerSeq}, after
 * the human-like {@code delay}. {@code triggerDepth} counts the bot lines that led to the
 * trigger (0 for a viewer's line), so bot-to-bot exchanges stop.
 */
record PendingReply(ChatMessage trigger, long triggerSeq, int triggerDepth, Duration delay) {}
