package dev.tokenwatch.samples;

/** The four input formats; each sample file holds one, the mixed stream all of them. */
enum Format {
    NATIVE("native.jsonl"),
    DISTRIBUTION("distribution-notifications.jsonl"),
    DOCKERHUB("dockerhub-audit.jsonl"),
    HARBOR("harbor-audit.jsonl");

    /** The sample file of this format. */
    final String fileName;

    Format(String fileName) {
        this.fileName = fileName;
    }
}
