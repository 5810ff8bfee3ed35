package depot.core.db;

import java.util.List;

/**
 * One page of a listing. {@code total} is null when the listing is larger than {@link #COUNT_LIMIT}: like GitLab,
 * Depot does not count very large listings exactly; {@code hasNext} still tells whether another page follows.
 */
public record Page<T>(List<T> items, Long total, int page, int perPage, boolean hasNext) {
    public static final int COUNT_LIMIT = 10_000;

    public Integer totalPages() {
        return total == null ? null : (int) Math.max(1, (total + perPage - 1) / perPage);
    }
}
