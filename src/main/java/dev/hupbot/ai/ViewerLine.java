package dev.hupbot.ai;

import dev.hupbot.config.Permission;

/** A viewer's chat line as the moderator keeps it: enough to judge it and to act on its sender. */
record ViewerLine(long seq, String channel, String user, String userId, String roomId, Permission level, String text) {}
