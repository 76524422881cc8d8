package dev.tokenwatch.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.event.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The text of a rules directory: every rule file and list file by relative path. Rules are loaded
 * from this snapshot rather than from disk, so the same snapshot can travel to every operator of a
 * running job (hot reload) and be compared by digest.
 *
 * @param root the directory it was read from, for messages
 */
public record RuleFiles(String root, SortedMap<String, String> files) {
    public static final String LISTS = "lists/";
    /** Which alerts go to which chat (dev.tokenwatch.sink.chat.RoutesFile): it lives beside the rules but is not one. */
    public static final String ROUTES = "routes.yaml";

    public static RuleFiles read(Path dir) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> paths = Files.walk(dir, 3)) {
                for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    if (isRule(rel) || rel.startsWith(LISTS)) files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return new RuleFiles(dir.toString(), Collections.unmodifiableSortedMap(files));
    }

    /** The one test of what a rule file is: every reader of a rules directory (loader, hot reload) goes through it. */
    public static boolean isRule(String relativePath) {
        return !relativePath.contains("/") && !relativePath.equals(ROUTES)
                && (relativePath.endsWith(".yaml") || relativePath.endsWith(".yml"));
    }

    public String display(String relativePath) {
        return Path.of(root).resolve(relativePath).toString();
    }

    public Optional<String> text(String relativePath) {
        return Optional.ofNullable(files.get(relativePath));
    }

    public String digest() {
        return Secrets.sha256Hex(toJson());
    }

    public RuleFiles with(String relativePath, String text) {
        SortedMap<String, String> copy = new TreeMap<>(files);
        if (text == null) copy.remove(relativePath);
        else copy.put(relativePath, text);
        return new RuleFiles(root, Collections.unmodifiableSortedMap(copy));
    }

    public String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("root", root);
        ObjectNode f = node.putObject("files");
        files.forEach(f::put);
        return node.toString();
    }

    public static RuleFiles fromJson(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            SortedMap<String, String> files = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("files").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                files.put(e.getKey(), e.getValue().asText());
            }
            return new RuleFiles(node.get("root").asText(), Collections.unmodifiableSortedMap(files));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a rule snapshot the job itself wrote does not parse", e);
        }
    }
}
