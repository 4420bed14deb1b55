package dev.hupbot.bench;

import java.util.List;

/** One part of PERFORMANCE.md: its markdown, and the budget lines it checked. */
record Section(String name, String markdown, List<Verdict> verdicts) {

    /** A target of the design's performance budget and what was measured against it. */
    record Verdict(String target, String measured, boolean met) {
        String row() {
            return "| " + target + " | " + measured + " | " + (met ? "met" : "**missed**") + " |";
        }
    }
}
