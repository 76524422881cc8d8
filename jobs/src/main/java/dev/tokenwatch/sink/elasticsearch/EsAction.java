package dev.tokenwatch.sink.elasticsearch;

import java.io.Serializable;

/**
 * One bulk action: the sink's request entry, kept in Flink state while buffered. {@link Kind#INDEX}
 * writes the whole document; {@link Kind#UPSERT} merges {@link #partial} into an existing document
 * (leaving every field it does not name alone) or creates it from {@link #document}.
 */
public final class EsAction implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { INDEX, UPSERT }

    public final Kind kind;
    public final String index;
    public final String id;
    /** The whole document (JSON). */
    public final String document;
    /** For upserts: the fields to overwrite on an existing document (JSON), or null. */
    public final String partial;
    /** Orders versions of the same document (an alert's count): a batch keeps the highest. */
    public final long version;
    /**
     * Event time of the alert or event (epoch ms) for the indexing-lag gauge, or 0 when unknown. Not in checkpoints
     * ({@link EsActionStateSerializer}): an action restored from one counts for nothing in the gauge.
     */
    public transient long eventTime;

    public EsAction(Kind kind, String index, String id, String document, String partial, long version) {
        this.kind = kind;
        this.index = index;
        this.id = id;
        this.document = document;
        this.partial = partial;
        this.version = version;
    }

    /** Sets {@link #eventTime}; returns this action. */
    public EsAction withEventTime(long eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    /** The action's lines in a {@code _bulk} body, each ending in a newline. */
    public String bulkLines() {
        StringBuilder b = new StringBuilder(document.length() * (kind == Kind.UPSERT ? 2 : 1) + 128);
        String meta = "{\"_index\":" + quote(index) + ",\"_id\":" + quote(id);
        if (kind == Kind.INDEX) {
            b.append("{\"index\":").append(meta).append("}}\n").append(document).append('\n');
        } else {
            b.append("{\"update\":").append(meta).append(",\"retry_on_conflict\":5}}\n")
                    .append("{\"doc\":").append(partial).append(",\"upsert\":").append(document).append("}\n");
        }
        return b.toString();
    }

    public long sizeInBytes() {
        return (long) (document.length() + (partial == null ? 0 : partial.length())) * 2 + index.length() + id.length() + 80;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        return kind + " " + index + "/" + id;
    }
}
