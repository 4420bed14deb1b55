/**
 * Bot tokens hupbot gets and keeps itself: Twitch's Device Code Grant login ({@code hupbot auth
 * login}), the token store in the data directory, refresh-token rotation written to the store
 * before the new access token is used, and the start and hourly validation Twitch requires.
 */
@NullMarked
package dev.hupbot.auth;

import org.jspecify.annotations.NullMarked;
