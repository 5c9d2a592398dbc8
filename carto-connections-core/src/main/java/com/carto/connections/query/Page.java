package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items of this page, in a stable order
 * @param nextPageToken an opaque token for {@link PageRequest#after(String)}; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
    public Page {
        items = List.copyOf(items);
        requireNonNull(nextPageToken, "nextPageToken is null");
    }

    public boolean hasNext() {
        return nextPageToken.isPresent();
    }
}
