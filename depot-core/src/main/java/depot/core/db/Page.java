package depot.core.db;

import java.util.List;

/** One page of a listing and the size of the whole listing. */
public record Page<T>(List<T> items, long total, int page, int perPage) {
    public int totalPages() { return (int) Math.max(1, (total + perPage - 1) / perPage); }
}
