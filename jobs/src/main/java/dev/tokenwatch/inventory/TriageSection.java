package dev.tokenwatch.inventory;

/** The questions a breach triage answers, in the order a report shows them. */
public enum TriageSection {
    NEW_SOURCE("new_sources", "Tokens used or created from networks or countries new to them"),
    PUSH("pushes", "Tokens that pushed, and what"),
    USED_AFTER_REVOCATION("used_after_revocation", "Revoked or deleted tokens still tried"),
    USED_AFTER_OWNER_REMOVED("used_after_owner_removed", "Tokens of removed members still used");

    private final String key;
    private final String title;

    TriageSection(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The name in CSV and JSON output. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
