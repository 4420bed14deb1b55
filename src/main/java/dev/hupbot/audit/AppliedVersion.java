package dev.hupbot.audit;

/** The newest version a reload applied (APPLIED, UNCHANGED or PARTIAL): which reload, which version, its exact text. */
public record AppliedVersion(long reloadId, long versionId, String text) {}
