package dev.hupbot.bot;

import dev.hupbot.chat.ChatMessage;

/**
 * Told what each bot's commands made of each line it received: the reply, or why there is none
 * (unknown command, cooldown). The shell chat uses it to say why nothing happened. Called on the
 * transport's delivery thread; must not block.
 */
@FunctionalInterface
public interface CommandAnswerListener {
    void onAnswer(String bot, ChatMessage message, CommandHandler.Answer answer);
}
