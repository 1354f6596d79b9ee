package dev.loupe.core.search;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items         the results on this page, in the requested order
 * @param nextPageToken opaque token for the next page, null on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page starting at the offset a token encodes (the first page for a null or empty token).
     *
     * @throws IllegalArgumentException if the token is not one this class issued, or max is not positive
     */
    public static <T> Page<T> of(List<T> all, int max, String pageToken) {
        if (max <= 0) {
            throw new IllegalArgumentException("max_results must be positive, got " + max);
        }
        int from = PageToken.offset(pageToken);
        if (from >= all.size()) {
            return new Page<>(List.of(), null);
        }
        int to = Math.min(all.size(), from + max);
        return new Page<>(all.subList(from, to), to < all.size() ? PageToken.of(to) : null);
    }
}
