package depot.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleScope;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit of small SQLite transactions: writers that queue for the writers' turn while one transaction runs are
 * committed together by whichever of them gets the turn next, each in a savepoint of its own.
 *
 * <p>A publish writes a few rows, but its commit copies every page they touched into the write-ahead log: the
 * packages table and its indexes, the name trigram index, the change counters. Publishes in one commit share those
 * pages (the counters' page, the last leaf of each index), so a burst of N writes the shared pages once instead of N
 * times. Nothing else changes for a caller: its work runs in a transaction of its own as far as it can see (a failure
 * rolls back its savepoint and reaches it alone, as its own exception), and it returns only after the commit that
 * made its work durable. A failed commit fails every member of the batch, as it would have failed each alone.
 *
 * <p>The work runs on the thread that leads the batch, on that thread's handle: it must use the handle it is given
 * or the database's {@link Jdbi} (which hands out the thread's open handle), and keep no thread-bound state across
 * the call. Work nested in a transaction of the calling thread runs in that transaction, unbatched.
 */
final class GroupCommit {
    /** Transactions per commit at most: a long queue is served by several leaders in turn. */
    static final int MAX_BATCH = 32;

    private final Jdbi jdbi;
    private final ReentrantLock turn;
    private final ConcurrentLinkedQueue<Member<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile long commits;
    /** Opened on the first batch; used under the turn only. */
    private Handle writer;

    GroupCommit(Jdbi jdbi, ReentrantLock turn) {
        this.jdbi = jdbi;
        this.turn = turn;
    }

    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        if (turn.isHeldByCurrentThread()) return jdbi.inTransaction(work);
        Member<T> member = new Member<>(work);
        queue.add(member);
        turn.lock();
        try {
            // another leader may have committed this member while this thread waited for the turn
            while (!member.done) lead();
        } finally {
            turn.unlock();
        }
        return member.result();
    }

    /** Runs the members queued now in one transaction; holds the turn. */
    private void lead() {
        List<Member<?>> batch = new ArrayList<>();
        for (Member<?> m; batch.size() < MAX_BATCH && (m = queue.poll()) != null; ) batch.add(m);
        HandleScope scope = jdbi.getHandleScope();
        HandleSupplier outer = scope.get();
        Handle h = writer();
        // the members' own calls of jdbi.withHandle get the writer's connection, in its transaction
        scope.set(h);
        try {
            h.useTransaction(t -> {
                // a lone member needs no savepoint: its failure rolls back the transaction it alone is in
                for (int i = 0; i < batch.size(); i++) batch.get(i).runIn(t, batch.size() == 1 ? null : "member" + i);
            });
        } catch (RuntimeException | Error failed) {
            boolean memberFailed = batch.size() == 1 && batch.get(0).failure == failed;
            for (Member<?> m : batch) {
                if (m.failure == null) m.failure = failed;
            }
            // a connection that failed to begin, roll back or commit is not trusted with the next batch
            if (!memberFailed) closeWriter();
        } finally {
            if (outer != null) scope.set(outer);
            else scope.clear();
            for (Member<?> m : batch) m.done = true;
            commits++; // under the turn
        }
    }

    /**
     * The connection every group commit writes on, kept open: SQLite drops a connection's page cache whenever another
     * connection wrote, so with writes spread over the pool each transaction read the pages it changes (the last
     * leaves of every index) from the file again; one writer keeps them cached.
     */
    private Handle writer() {
        if (writer == null) writer = jdbi.open();
        return writer;
    }

    private void closeWriter() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (RuntimeException e) {
            // the connection is dropped either way
        }
        writer = null;
    }

    /** Closes the kept connection (the database is closing). */
    void close() {
        turn.lock();
        try {
            closeWriter();
        } finally {
            turn.unlock();
        }
    }

    /** Transactions begun so far, each for one or more members. */
    long commits() {
        return commits;
    }

    /** One caller's work and its outcome; its fields are written by the leader and read after the turn passed on. */
    private static final class Member<T> {
        private final HandleCallback<T, RuntimeException> work;
        private T value;
        private Throwable failure;
        private boolean done;

        Member(HandleCallback<T, RuntimeException> work) {
            this.work = work;
        }

        /**
         * Runs the work in {@code savepoint}, whose rollback undoes its writes alone when it fails; with none (a lone
         * member) its failure propagates and rolls back the transaction.
         */
        void runIn(Handle h, String savepoint) {
            // SQLite's own statements: Jdbi forgets a savepoint it rolled back to, and SQLite keeps it until released
            if (savepoint != null) h.execute("SAVEPOINT " + savepoint);
            try {
                value = work.withHandle(h);
            } catch (RuntimeException | Error e) {
                failure = e;
                if (savepoint == null) throw e;
                // a handle that cannot roll back fails the whole batch
                h.execute("ROLLBACK TO " + savepoint);
            }
            if (savepoint != null) h.execute("RELEASE " + savepoint);
        }

        T result() {
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            return value;
        }
    }
}
