package dev.tokenwatch.sink.chat;

import java.io.Serializable;
import java.util.List;

/**
 * Which alerts go to which chat destination, as a routes file ({@link RoutesFile}) says.
 *
 * @param kibanaUrl    as written, a literal or a {@code ${VAR}} resolved like a {@link SecretValue} where the job runs;
 *                     null when messages carry no link
 * @param destinations none when alerts go to no chat
 */
public record Routes(String kibanaUrl, DeliveryPolicy delivery, List<Destination> destinations) implements Serializable {
}
