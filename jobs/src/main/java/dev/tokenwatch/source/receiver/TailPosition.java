package dev.tokenwatch.source.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How far a tailed log has been stored in the spool: which file (its key, the inode on Linux, so a rotation is told
 * from growth) and the byte offset after the last line stored. Kept in {@code DATA/tail/NAME.position}, replaced
 * whole with {@link DurableFiles} so a crash leaves the previous position or the new one, never a mix.
 *
 * @param fileKey {@code String.valueOf(BasicFileAttributes.fileKey())}, {@code "null"} where the filesystem has none
 */
record TailPosition(String file, String fileKey, long offset) {
    static Optional<TailPosition> read(Path positionFile) throws IOException {
        if (!Files.exists(positionFile)) return Optional.empty();
        String text = Files.readString(positionFile, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IOException(positionFile + ": not a tail position (" + e.getMessage() + "); " + REMEDY, e);
        }
        JsonNode key = node == null ? null : node.get("file_key");
        JsonNode offset = node == null ? null : node.get("offset");
        if (key == null || !key.isTextual()) throw new IOException(positionFile + ": file_key: " + key + " is not a string; " + REMEDY);
        if (offset == null || !offset.canConvertToLong() || offset.asLong() < 0) {
            throw new IOException(positionFile + ": offset: " + offset + " is not a byte offset; " + REMEDY);
        }
        return Optional.of(new TailPosition(node.path("file").asText(""), key.asText(), offset.asLong()));
    }

    private static final String REMEDY = "delete it to start again at the end of the log (or from its start with --tail-from-start)";

    void write(Path positionFile) throws IOException {
        Files.createDirectories(positionFile.toAbsolutePath().getParent());
        ObjectNode node = Json.MAPPER.createObjectNode().put("file", file).put("file_key", fileKey).put("offset", offset);
        DurableFiles.writeAtomically(positionFile, positionFile.resolveSibling("." + positionFile.getFileName()),
                (node + "\n").getBytes(StandardCharsets.UTF_8));
    }

    TailPosition at(long newOffset) {
        return new TailPosition(file, fileKey, newOffset);
    }
}
