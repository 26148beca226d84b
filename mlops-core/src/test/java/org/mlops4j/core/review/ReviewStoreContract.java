package org.mlops4j.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.review.ReviewException.Reason;

/** What every {@link ReviewStore} does; each implementation's test extends it. */
public abstract class ReviewStoreContract {

    /** The start of every test's clock. */
    protected static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String Q = "claims";

    /**
     * Creates an empty store on the clock.
     *
     * @param clock the store's time
     * @return the store
     */
    protected abstract ReviewStore create(ManualClock clock);

    /** The test's clock, starting at {@link #T0}. */
    protected ManualClock clock;
    /** The store under test. */
    protected ReviewStore store;

    @BeforeEach
    void open() {
        clock = new ManualClock(T0);
        store = create(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * An item enqueued {@code minutesAgo} before {@link #T0}, due one hour after T0.
     *
     * @param id the prediction id
     * @param priority the priority
     * @param minutesAgo minutes before T0
     * @return the item
     */
    protected static NewReview item(String id, int priority, int minutesAgo) {
        return new NewReview(id, "{\"x\":" + id.length() + "}", "approve", 0.4, "claims/3",
                T0.minus(Duration.ofMinutes(minutesAgo)), priority, T0.plus(Duration.ofHours(1)));
    }

    /**
     * A decision by a reviewer.
     *
     * @param reviewer who
     * @param agrees whether it agrees with the model
     * @return the decision
     */
    protected static ReviewDecision decision(String reviewer, boolean agrees) {
        return new ReviewDecision(agrees ? "approve" : "reject", reviewer, Optional.of("checked"), agrees);
    }

    private static List<String> ids(List<ReviewRecord> records) {
        return records.stream().map(ReviewRecord::predictionId).toList();
    }

    private static void assertRefused(ThrowingCallable call, Reason reason, String... inMessage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ReviewException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(reason.name() + ": review item '" + e.predictionId() + "' in queue '"
                    + e.queue() + "' is ");
            for (String part : inMessage) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    @Test
    void addAdmitsOnceAndBoundsWaitingItemsByCapacity() {
        assertThat(store.add(Q, item("p1", 0, 3), 2)).isEqualTo(Admission.ADDED);
        assertThat(store.add(Q, item("p1", 5, 1), 2)).isEqualTo(Admission.DUPLICATE);
        assertThat(store.add(Q, item("p2", 0, 2), 2)).isEqualTo(Admission.ADDED);
        assertThat(store.add(Q, item("p3", 0, 1), 2)).isEqualTo(Admission.FULL);
        assertThat(store.find(Q, "p3")).isEmpty();
        // a claimed item still waits, so the queue stays full
        store.claim(Q, "p1", "ann", LEASE);
        assertThat(store.add(Q, item("p3", 0, 1), 2)).isEqualTo(Admission.FULL);
        // a resolved item frees its place but still counts as a duplicate
        store.resolve(Q, "p1", decision("ann", true), OptionalLong.empty());
        assertThat(store.add(Q, item("p1", 0, 1), 2)).isEqualTo(Admission.DUPLICATE);
        assertThat(store.add(Q, item("p3", 0, 1), 2)).isEqualTo(Admission.ADDED);
        // queues are separate
        assertThat(store.add("other", item("p1", 0, 1), 1)).isEqualTo(Admission.ADDED);
        assertThat(store.find(Q, "p1").orElseThrow().status()).isEqualTo(ReviewStatus.RESOLVED);
        assertThat(store.find("other", "p1").orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    }

    @Test
    void overdueItemsDoNotTakeCapacity() {
        store.add(Q, item("p1", 0, 1), 1);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(store.add(Q, new NewReview("p2", "in", "out", Double.NaN, "m/1", clock.now(), 0,
                clock.now().plusSeconds(60)), 1)).isEqualTo(Admission.ADDED);
    }

    @Test
    void pendingIsOrderedByPriorityThenAgeThenIdAndSkipsLiveClaims() {
        store.add(Q, item("b", 0, 10), 10);
        store.add(Q, item("a", 0, 10), 10);
        store.add(Q, item("old", 0, 30), 10);
        store.add(Q, item("urgent", 2, 1), 10);
        store.add(Q, item("mid", 1, 5), 10);
        assertThat(ids(store.pending(Q, 10))).containsExactly("urgent", "mid", "old", "a", "b");
        assertThat(ids(store.pending(Q, 2))).containsExactly("urgent", "mid");
        store.claim(Q, "mid", "ann", LEASE);
        assertThat(ids(store.pending(Q, 10))).containsExactly("urgent", "old", "a", "b");
        List<ReviewRecord> waiting = store.waiting(Q, 10);
        assertThat(ids(waiting)).containsExactly("urgent", "mid", "old", "a", "b");
        ReviewRecord mid = waiting.get(1);
        assertThat(mid.status()).isEqualTo(ReviewStatus.CLAIMED);
        assertThat(mid.claimedBy()).contains("ann");
        assertThat(mid.claimedUntil()).contains(T0.plus(LEASE));
        assertThat(store.pending("empty", 10)).isEmpty();
        // a lease that ran out shows the item as pending again, without the claim
        clock.advance(LEASE);
        ReviewRecord back = store.pending(Q, 10).get(1);
        assertThat(back.predictionId()).isEqualTo("mid");
        assertThat(back.status()).isEqualTo(ReviewStatus.PENDING);
        assertThat(back.claimedBy()).isEmpty();
        assertThat(back.claimedUntil()).isEmpty();
    }

    @Test
    void findShowsTheItemAsAdded() {
        NewReview added = new NewReview("p1", "{\"amount\":12.5}", "{\"label\":\"fraud\"}", Double.NaN, "fraud/7",
                T0.minusSeconds(90), -3, T0.plusSeconds(600));
        store.add(Q, added, 5);
        ReviewRecord record = store.find(Q, "p1").orElseThrow();
        assertThat(record).isEqualTo(new ReviewRecord(Q, added, ReviewStatus.PENDING, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(record.age(clock.now())).isEqualTo(Duration.ofSeconds(90));
        assertThat(store.find(Q, "nope")).isEmpty();
        assertThat(store.find("nope", "p1")).isEmpty();
    }

    @Test
    void claimHoldsTheItemForOneReviewerAndRenewsForTheSame() {
        store.add(Q, item("p1", 0, 1), 5);
        ReviewClaim first = store.claim(Q, "p1", "ann", LEASE);
        assertThat(first).isEqualTo(new ReviewClaim(Q, "p1", "ann", first.token(), T0.plus(LEASE)));
        assertRefused(() -> store.claim(Q, "p1", "bob", LEASE), Reason.CLAIMED_BY_OTHER, "'p1'", "'claims'",
                "CLAIMED by ann until " + T0.plus(LEASE));
        clock.advance(Duration.ofMinutes(2));
        ReviewClaim renewed = store.claim(Q, "p1", "ann", LEASE);
        assertThat(renewed.token()).isNotEqualTo(first.token());
        assertThat(renewed.until()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
        // once the lease ran out, another reviewer may take it and the old token is dead
        clock.advance(LEASE);
        ReviewClaim bob = store.claim(Q, "p1", "bob", LEASE);
        assertThat(bob.token()).isNotIn(first.token(), renewed.token());
        assertRefused(() -> store.release(renewed), Reason.CLAIM_LOST, "CLAIMED by bob");
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.of(renewed.token())),
                Reason.CLAIM_LOST, "token " + renewed.token());
        assertThat(store.find(Q, "p1").orElseThrow().claimedBy()).contains("bob");
    }

    @Test
    void claimRefusesUnknownResolvedAndExpiredItems() {
        store.add(Q, item("done", 0, 1), 5);
        store.add(Q, item("late", 0, 1), 5);
        store.resolve(Q, "done", decision("ann", false), OptionalLong.empty());
        assertRefused(() -> store.claim(Q, "ghost", "ann", LEASE), Reason.UNKNOWN, "'ghost'", "'claims'");
        assertRefused(() -> store.claim(Q, "done", "bob", LEASE), Reason.ALREADY_RESOLVED, "RESOLVED by ann");
        clock.advance(Duration.ofHours(1).plusMillis(1));
        assertRefused(() -> store.claim(Q, "late", "bob", LEASE), Reason.EXPIRED,
                "deadline " + T0.plus(Duration.ofHours(1)));
    }

    @Test
    void anItemIsStillValidAtItsDeadline() {
        store.add(Q, item("p1", 0, 1), 5);
        clock.advance(Duration.ofHours(1));
        assertThat(store.find(Q, "p1").orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
        assertThat(store.claim(Q, "p1", "ann", LEASE).until()).isEqualTo(clock.now().plus(LEASE));
        clock.advance(Duration.ofMillis(1));
        assertThat(store.find(Q, "p1").orElseThrow().status()).isEqualTo(ReviewStatus.EXPIRED);
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> store.add(" ", item("p", 0, 0), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue");
        assertThatThrownBy(() -> store.add(Q, item("p", 0, 0), 0)).hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> store.pending(Q, 0)).hasMessage("limit must be in [1, 10000] but was 0");
        assertThatThrownBy(() -> store.waiting(Q, 10_001)).hasMessage("limit must be in [1, 10000] but was 10001");
        store.add(Q, item("p", 0, 0), 1);
        assertThatThrownBy(() -> store.claim(Q, "p", "ann", Duration.ZERO)).hasMessage(
                "lease must be in (0, 1 day] but was PT0S");
        assertThatThrownBy(() -> store.claimNext(Q, "ann", Duration.ofDays(2))).hasMessage(
                "lease must be in (0, 1 day] but was PT48H");
        assertThatThrownBy(() -> store.claim(Q, "p", "", LEASE)).hasMessageContaining("reviewer must be non-blank");
        assertThatThrownBy(() -> store.resolvedSince(Q, T0, -1)).hasMessageContaining("limit");
        assertThat(store.find(Q, "p").orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    }

    @Test
    void claimNextTakesTheFirstPendingAndNeverALiveClaim() {
        assertThat(store.claimNext(Q, "ann", LEASE)).isEmpty();
        store.add(Q, item("low", 0, 20), 5);
        store.add(Q, item("high", 1, 1), 5);
        ReviewClaim first = store.claimNext(Q, "ann", LEASE).orElseThrow();
        assertThat(first.predictionId()).isEqualTo("high");
        assertThat(first.reviewer()).isEqualTo("ann");
        assertThat(first.until()).isEqualTo(T0.plus(LEASE));
        ReviewClaim second = store.claimNext(Q, "bob", LEASE).orElseThrow();
        assertThat(second.predictionId()).isEqualTo("low");
        assertThat(store.claimNext(Q, "cid", LEASE)).isEmpty();
        clock.advance(LEASE);
        assertThat(store.claimNext(Q, "cid", LEASE).orElseThrow().predictionId()).isEqualTo("high");
    }

    @Test
    void claimNextSkipsOverdueItems() {
        store.add(Q, new NewReview("soon", "i", "a", 0.1, "m/1", T0, 9, T0.plusSeconds(10)), 5);
        store.add(Q, item("later", 0, 1), 5);
        clock.advance(Duration.ofSeconds(11));
        assertThat(store.claimNext(Q, "ann", LEASE).orElseThrow().predictionId()).isEqualTo("later");
        assertThat(store.claimNext(Q, "ann", LEASE)).isEmpty();
    }

    @Test
    void releaseReturnsTheItemAndTheNextClaimGetsANewToken() {
        store.add(Q, item("p1", 0, 1), 5);
        ReviewClaim claim = store.claim(Q, "p1", "ann", LEASE);
        store.release(claim);
        assertThat(store.find(Q, "p1").orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
        assertThat(ids(store.pending(Q, 5))).containsExactly("p1");
        assertRefused(() -> store.release(claim), Reason.CLAIM_LOST, "PENDING");
        ReviewClaim again = store.claim(Q, "p1", "bob", LEASE);
        assertThat(again.token()).isNotEqualTo(claim.token());
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.of(claim.token())),
                Reason.CLAIM_LOST);
        assertRefused(() -> store.release(new ReviewClaim(Q, "ghost", "ann", 1, T0)), Reason.UNKNOWN, "'ghost'");
        store.resolve(Q, "p1", decision("bob", true), OptionalLong.of(again.token()));
        assertRefused(() -> store.release(again), Reason.ALREADY_RESOLVED);
    }

    @Test
    void releaseAfterTheLeaseRanOutIsClaimLost() {
        store.add(Q, item("p1", 0, 1), 5);
        ReviewClaim claim = store.claim(Q, "p1", "ann", LEASE);
        clock.advance(LEASE);
        assertRefused(() -> store.release(claim), Reason.CLAIM_LOST);
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.of(claim.token())),
                Reason.CLAIM_LOST);
        // without a token it may still be resolved: the claim is gone
        assertThat(store.resolve(Q, "p1", decision("ann", true), OptionalLong.empty()).status())
                .isEqualTo(ReviewStatus.RESOLVED);
    }

    @Test
    void resolveRecordsTheDecisionWhoAndWhen() {
        store.add(Q, item("p1", 0, 10), 5);
        ReviewClaim claim = store.claim(Q, "p1", "ann", LEASE);
        clock.advance(Duration.ofMinutes(3));
        ReviewDecision decision = new ReviewDecision("reject", "ann", Optional.of("stolen card"), false);
        ReviewRecord resolved = store.resolve(Q, "p1", decision, OptionalLong.of(claim.token()));
        Instant at = T0.plus(Duration.ofMinutes(3));
        assertThat(resolved).isEqualTo(new ReviewRecord(Q, item("p1", 0, 10), ReviewStatus.RESOLVED,
                Optional.empty(), Optional.empty(), Optional.of(decision), Optional.of(at)));
        assertThat(store.find(Q, "p1")).contains(resolved);
        assertThat(resolved.age(at.plusSeconds(999))).isEqualTo(Duration.ofMinutes(13));
        assertThat(store.waiting(Q, 5)).isEmpty();
        assertRefused(() -> store.resolve(Q, "p1", decision("bob", true), OptionalLong.empty()),
                Reason.ALREADY_RESOLVED, "RESOLVED by ann at " + at);
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.of(claim.token())),
                Reason.ALREADY_RESOLVED);
        assertThat(store.find(Q, "p1").orElseThrow().decision()).contains(decision);
    }

    @Test
    void resolveWithoutATokenRespectsSomeoneElsesLiveClaim() {
        store.add(Q, item("p1", 0, 1), 5);
        store.add(Q, item("p2", 0, 1), 5);
        store.claim(Q, "p1", "ann", LEASE);
        assertRefused(() -> store.resolve(Q, "p1", decision("bob", true), OptionalLong.empty()),
                Reason.CLAIMED_BY_OTHER, "CLAIMED by ann");
        // the claim holder may resolve without passing the token
        assertThat(store.resolve(Q, "p1", decision("ann", true), OptionalLong.empty()).decision().orElseThrow()
                .reviewer()).isEqualTo("ann");
        // an unclaimed item with a made-up token is refused
        assertRefused(() -> store.resolve(Q, "p2", decision("bob", true), OptionalLong.of(1)), Reason.CLAIM_LOST);
        assertThat(store.resolve(Q, "p2", decision("bob", false), OptionalLong.empty()).status())
                .isEqualTo(ReviewStatus.RESOLVED);
    }

    @Test
    void resolveRefusesUnknownAndExpiredItemsEvenBeforeTheSweep() {
        store.add(Q, item("p1", 0, 1), 5);
        assertRefused(() -> store.resolve(Q, "ghost", decision("ann", true), OptionalLong.empty()), Reason.UNKNOWN,
                "'ghost'");
        assertRefused(() -> store.resolve("other", "p1", decision("ann", true), OptionalLong.empty()),
                Reason.UNKNOWN, "'other'");
        ReviewClaim claim = store.claim(Q, "p1", "ann", Duration.ofHours(2));
        clock.advance(Duration.ofMinutes(61));
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.of(claim.token())),
                Reason.EXPIRED, "EXPIRED");
        assertThat(store.expire(Q)).hasSize(1);
        assertRefused(() -> store.resolve(Q, "p1", decision("ann", true), OptionalLong.empty()), Reason.EXPIRED);
        assertRefused(() -> store.release(claim), Reason.EXPIRED);
    }

    @Test
    void expireMarksOverdueWaitingItemsOnce() {
        store.add(Q, new NewReview("a", "i", "x", 0.2, "m/1", T0, 0, T0.plusSeconds(10)), 9);
        store.add(Q, new NewReview("b", "i", "x", 0.2, "m/1", T0, 1, T0.plusSeconds(20)), 9);
        store.add(Q, new NewReview("c", "i", "x", 0.2, "m/1", T0, 0, T0.plusSeconds(99)), 9);
        store.add(Q, new NewReview("d", "i", "x", 0.2, "m/1", T0, 0, T0.plusSeconds(5)), 9);
        store.claim(Q, "b", "ann", LEASE);
        store.resolve(Q, "d", decision("ann", true), OptionalLong.empty());
        assertThat(store.expire(Q)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        List<ReviewRecord> expired = store.expire(Q);
        assertThat(ids(expired)).containsExactly("b", "a");
        assertThat(expired).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(ReviewStatus.EXPIRED);
            assertThat(r.resolvedAt()).contains(T0.plusSeconds(30));
            assertThat(r.claimedBy()).isEmpty();
            assertThat(r.decision()).isEmpty();
        });
        assertThat(store.expire(Q)).isEmpty();
        assertThat(store.find(Q, "d").orElseThrow().status()).isEqualTo(ReviewStatus.RESOLVED);
        assertThat(ids(store.waiting(Q, 9))).containsExactly("c");
        assertThat(store.expire("unknown")).isEmpty();
    }

    @Test
    void expireHandsEachItemToOneCallerAcrossThreads() throws Exception {
        for (int i = 0; i < 60; i++) {
            store.add(Q, new NewReview(String.format("p%03d", i), "i", "a", 0.5, "m/1", T0, 0, T0.plusSeconds(1)),
                    100);
        }
        clock.advance(Duration.ofSeconds(2));
        List<List<ReviewRecord>> results = race(3, () -> store.expire(Q));
        List<String> all = new ArrayList<>();
        results.forEach(r -> all.addAll(ids(r)));
        assertThat(all).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void resolvedSinceListsResolutionsInOrderForPollers() {
        for (String id : List.of("c", "zz", "a", "d")) {
            store.add(Q, item(id, 0, 1), 9);
        }
        store.resolve(Q, "c", decision("ann", true), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(10));
        store.resolve(Q, "zz", decision("ann", true), OptionalLong.empty());
        store.resolve(Q, "a", decision("bob", false), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(10));
        store.resolve(Q, "d", decision("bob", true), OptionalLong.empty());
        // equal resolution times are ordered by prediction id
        assertThat(ids(store.resolvedSince(Q, T0, 10))).containsExactly("c", "a", "zz", "d");
        assertThat(ids(store.resolvedSince(Q, T0.plusSeconds(10), 10))).containsExactly("a", "zz", "d");
        assertThat(ids(store.resolvedSince(Q, T0.plusSeconds(10), 2))).containsExactly("a", "zz");
        assertThat(store.resolvedSince(Q, T0.plusSeconds(21), 10)).isEmpty();
        assertThat(store.resolvedSince(Q, T0, 10).get(1).decision().orElseThrow())
                .isEqualTo(decision("bob", false));
        // expired items are not resolutions
        store.add(Q, new NewReview("e", "i", "a", 0.5, "m/1", T0, 0, T0.plusSeconds(1)), 9);
        store.expire(Q);
        assertThat(ids(store.resolvedSince(Q, T0, 10))).containsExactly("c", "a", "zz", "d");
    }

    @Test
    void figuresCountEveryStatusWithNearestRankAges() {
        ReviewFigures empty = store.figures(Q);
        assertThat(empty).isEqualTo(new ReviewFigures(Q, T0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO));
        assertThat(empty.agreementRate()).isNaN();
        // waiting ages 1, 2, 3, 4 minutes: nearest rank p50 = 2nd = 2 min, p99 = 4th = 4 min
        for (int m = 1; m <= 4; m++) {
            store.add(Q, item("w" + m, 0, m), 99);
        }
        store.claim(Q, "w3", "ann", LEASE);
        for (String id : List.of("r1", "r2", "r3")) {
            store.add(Q, item(id, 0, 50), 99);
        }
        store.resolve(Q, "r1", decision("ann", true), OptionalLong.empty());
        store.resolve(Q, "r2", decision("ann", true), OptionalLong.empty());
        store.resolve(Q, "r3", decision("bob", false), OptionalLong.empty());
        store.add(Q, new NewReview("x", "i", "a", 0.5, "m/1", T0.minusSeconds(5), 0, T0), 99);
        clock.advanceNanos(1_000_000);
        ReviewFigures figures = store.figures(Q);
        Instant at = T0.plusMillis(1);
        assertThat(figures).isEqualTo(new ReviewFigures(Q, at, 4, 1, 3, 1, 2, Duration.ofMinutes(2).plusMillis(1),
                Duration.ofMinutes(4).plusMillis(1)));
        assertThat(figures.agreementRate()).isEqualTo(2.0 / 3.0);
        store.expire(Q);
        assertThat(store.figures(Q).expired()).isEqualTo(1);
    }

    @Test
    void figuresP99OfAHundredAgesIsTheNinetyNinthSmallest() {
        for (int s = 1; s <= 100; s++) {
            store.add(Q, new NewReview("p" + s, "i", "a", 0.5, "m/1", T0.minusSeconds(s), 0, T0.plusSeconds(60)),
                    200);
        }
        ReviewFigures figures = store.figures(Q);
        assertThat(figures.pending()).isEqualTo(100);
        assertThat(figures.ageP50()).isEqualTo(Duration.ofSeconds(50));
        assertThat(figures.ageP99()).isEqualTo(Duration.ofSeconds(99));
        store.add(Q, new NewReview("p101", "i", "a", 0.5, "m/1", T0.minusSeconds(101), 0, T0.plusSeconds(60)), 200);
        // n = 101: p50 = ceil(50.5) = 51st, p99 = ceil(99.99) = 100th
        assertThat(store.figures(Q).ageP50()).isEqualTo(Duration.ofSeconds(51));
        assertThat(store.figures(Q).ageP99()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void purgeDeletesClosedItemsBeforeTheCutOff() {
        store.add(Q, item("old", 0, 1), 9);
        store.add(Q, new NewReview("gone", "i", "a", 0.5, "m/1", T0, 0, T0.plusSeconds(1)), 9);
        store.add(Q, item("waiting", 0, 1), 9);
        store.resolve(Q, "old", decision("ann", true), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(2));
        store.expire(Q);
        store.add(Q, new NewReview("overdue", "i", "a", 0.5, "m/1", clock.now(), 0, clock.now()), 9);
        clock.advance(Duration.ofSeconds(10));
        store.add(Q, item("new", 0, 1), 9);
        store.resolve(Q, "new", decision("ann", true), OptionalLong.empty());
        assertThat(store.purge(Q, T0)).isZero();
        assertThat(store.purge(Q, T0.plusSeconds(2))).isEqualTo(1);
        assertThat(store.find(Q, "old")).isEmpty();
        assertThat(store.purge(Q, T0.plusSeconds(12))).isEqualTo(1);
        assertThat(store.find(Q, "gone")).isEmpty();
        // the overdue item was never swept: it is kept so expire still reports it
        assertThat(store.find(Q, "overdue").orElseThrow().status()).isEqualTo(ReviewStatus.EXPIRED);
        assertThat(store.find(Q, "waiting")).isPresent();
        assertThat(store.find(Q, "new")).isPresent();
        assertThat(store.purge("unknown", T0)).isZero();
        assertRefused(() -> store.resolve(Q, "old", decision("ann", true), OptionalLong.empty()), Reason.UNKNOWN);
    }

    @Test
    void concurrentClaimNextHandsEveryItemToExactlyOneReviewer() throws Exception {
        int items = 300;
        for (int i = 0; i < items; i++) {
            store.add(Q, new NewReview(String.format("p%03d", i), "i", "a", 0.5, "m/1", T0, i % 3, T0.plusSeconds(3600)),
                    items);
        }
        List<List<String>> taken = race(3, () -> {
            List<String> mine = new ArrayList<>();
            for (Optional<ReviewClaim> c = store.claimNext(Q, "r-" + Thread.currentThread().getName(), LEASE);
                    c.isPresent(); c = store.claimNext(Q, "r-" + Thread.currentThread().getName(), LEASE)) {
                mine.add(c.get().predictionId());
            }
            return mine;
        });
        Set<String> all = new HashSet<>();
        int total = 0;
        for (List<String> mine : taken) {
            total += mine.size();
            all.addAll(mine);
        }
        assertThat(total).isEqualTo(items);
        assertThat(all).hasSize(items);
        assertThat(store.figures(Q).claimed()).isEqualTo(items);
    }

    /**
     * Runs a task on several threads released together and collects their results.
     *
     * @param threads how many
     * @param task the task
     * @param <T> the result type
     * @return each thread's result
     * @throws Exception when a task failed or the race took over a minute
     */
    protected static <T> List<T> race(int threads, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
