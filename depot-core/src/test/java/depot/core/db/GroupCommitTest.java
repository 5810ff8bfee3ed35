package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions that share a commit on a real SQLite database: each keeps its own outcome. */
class GroupCommitTest {
    @TempDir Path dir;

    private Database open(String name) {
        Database db = Database.open("jdbc:sqlite:" + dir.resolve(name), null, null);
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, owner TEXT NOT NULL)"));
        return db;
    }

    private static long rows(Database db, String where) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM t WHERE " + where)
                .mapTo(Long.class).one());
    }

    @Test
    void many_writers_at_once_share_commits_and_a_failing_one_loses_only_its_own_rows() throws Exception {
        try (Database db = open("g.db")) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                outcomes.add(pool.submit(() -> {
                    try {
                        return db.inSharedCommit(h -> {
                            h.createUpdate("INSERT INTO t (n, owner) VALUES (:n, 'w')").bind("n", n).execute();
                            // every tenth writes a row and then fails: that row must go, the others' must stay
                            if (n % 10 == 0) {
                                h.createUpdate("INSERT INTO t (n, owner) VALUES (:n, 'doomed')")
                                        .bind("n", 100_000 + n).execute();
                                throw new IllegalStateException("refused " + n);
                            }
                            return "stored " + n;
                        });
                    } catch (IllegalStateException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i).get()).isEqualTo((i % 10 == 0 ? "refused " : "stored ") + i);
            }
            pool.shutdown();

            assertThat(rows(db, "owner = 'w'")).isEqualTo(1800);
            assertThat(rows(db, "owner = 'doomed'")).isZero();
            assertThat(rows(db, "owner = 'w' AND n % 10 = 0")).isZero();
            // and they did share: fewer commits than writers
            assertThat(db.groupCommit().commits()).isLessThan(2000);
        }
    }

    @Test
    void queued_writers_are_invisible_and_unanswered_until_their_shared_commit() throws Exception {
        try (Database db = open("c.db")) {
            CountDownLatch leaderInside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            // a leader holds the writers' turn while two more writers queue behind it
            Future<Integer> leader = pool.submit(() -> db.inSharedCommit(h -> {
                h.execute("INSERT INTO t (n, owner) VALUES (1, 'leader')");
                leaderInside.countDown();
                await(release);
                return 1;
            }));
            assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> second = pool.submit(() -> db.inSharedCommit(h ->
                    h.execute("INSERT INTO t (n, owner) VALUES (2, 'second')")));
            Future<Integer> third = pool.submit(() -> db.inSharedCommit(h ->
                    h.execute("INSERT INTO t (n, owner) VALUES (3, 'third')")));
            Thread.sleep(200);
            // nothing queued is visible, nor answered, while the turn is held
            assertThat(second.isDone()).isFalse();
            assertThat(third.isDone()).isFalse();
            assertThat(rows(db, "n IN (2, 3)")).isZero();

            release.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(rows(db, "n IN (1, 2, 3)")).isEqualTo(3);
            // the two that queued behind the leader were committed by one of them, together
            assertThat(db.groupCommit().commits()).isEqualTo(2);
            pool.shutdown();
        }
    }

    @Test
    void work_nested_in_a_transaction_joins_it_and_rolls_back_with_it() {
        try (Database db = open("n.db")) {
            assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                db.inSharedCommit(inner -> inner.execute("INSERT INTO t (n, owner) VALUES (7, 'nested')"));
                throw new IllegalStateException("outer fails");
            })).hasMessage("outer fails");

            assertThat(rows(db, "n = 7")).isZero();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
