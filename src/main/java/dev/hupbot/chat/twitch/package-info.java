/**
 * Twitch chat over twitch4j: one {@code TwitchChat} per bot, each with its own threads, so one
 * bot's reconnect, token change or failure never touches another's connection.
 */
@NullMarked
package dev.hupbot.chat.twitch;

import org.jspecify.annotations.NullMarked;
