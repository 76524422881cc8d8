package dev.tokenwatch.enrich;

import java.net.InetAddress;
import java.util.Optional;

/** Finds the autonomous system announcing an address. Implementations are thread-safe. */
public interface AsnLookup {

    /** The AS for {@code address}, or empty if the data has none. */
    Optional<AsInfo> lookup(InetAddress address);
}
