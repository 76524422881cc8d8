package dev.tokenwatch.source.receiver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer secrets senders authenticate with, one per source: {@code TOKENWATCH_RECEIVER_TOKEN} and any number of
 * token files. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about
 * how much of a guess was right, nor about a secret's length.
 */
public final class SenderTokens {
    public static final String ENV = "TOKENWATCH_RECEIVER_TOKEN";

    private final List<byte[]> digests;

    private SenderTokens(List<byte[]> digests) {
        this.digests = digests;
    }

    /** @throws IllegalArgumentException naming the file (never its content) when one is unreadable or empty */
    public static SenderTokens from(String environmentToken, List<Path> files) {
        List<byte[]> digests = new ArrayList<>();
        if (environmentToken != null && !environmentToken.isBlank()) digests.add(digest(environmentToken.strip()));
        for (Path file : files) {
            String token;
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("receiver token file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (token.isEmpty()) throw new IllegalArgumentException("receiver token file " + file + " is empty");
            digests.add(digest(token));
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("the receiver needs a sender token: set " + ENV + " or pass --receiver-token-file FILE");
        }
        return new SenderTokens(digests);
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        byte[] offered = digest(authorization.substring(7).strip());
        boolean any = false;
        for (byte[] known : digests) any |= MessageDigest.isEqual(known, offered);
        return any;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
