package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the experiments are handed to launchers that train at once, without training. */
class ExperimentQueueTest {

  /** A launcher that is never asked to run anything itself: the queue's work function is. */
  private static Launcher idle() {
    return new Launcher() {
      @Override
      public void prepare(Task task, Path directory) {}

      @Override
      public void run(Task task, Path directory) {}
    };
  }

  @Test
  void everyLauncherTakesWorkAndTheResultsComeInPlanOrder() {
    List<Launcher> launchers = List.of(idle(), idle());
    Set<Launcher> used = ConcurrentHashMap.newKeySet();
    CountDownLatch bothBusy = new CountDownLatch(2);
    List<String> trained = ExperimentQueue.train(List.of("a", "b", "c", "d"), launchers,
        (launcher, id) -> {
          used.add(launcher);
          bothBusy.countDown();
          await(bothBusy);
          return id.toUpperCase();
        });
    assertEquals(List.of("A", "B", "C", "D"), trained);
    assertEquals(Set.copyOf(launchers), used);
  }

  /** One launcher trains in the calling thread, one experiment after another. */
  @Test
  void oneLauncherTrainsInTheCallingThread() {
    Thread caller = Thread.currentThread();
    assertEquals(List.of(true, true), ExperimentQueue.train(List.of("a", "b"), List.of(idle()),
        (launcher, id) -> Thread.currentThread() == caller));
  }

  /** The experiment under way beside a failure ends, and the one failure is thrown as it is. */
  @Test
  void aFailureLetsTheExperimentUnderWayEnd() {
    CountDownLatch failed = new CountDownLatch(1);
    List<String> ended = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException failure = new IllegalStateException("b failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> ExperimentQueue.train(List.of("a", "b"), List.of(idle(), idle()),
            (launcher, id) -> {
              if (id.equals("b")) {
                failed.countDown();
                throw failure;
              }
              await(failed);
              ended.add(id);
              return id;
            }));
    assertSame(failure, thrown);
    assertEquals(List.of("a"), ended);
  }

  /** After a failure no experiment starts, as a loop over the plan would stop. */
  @Test
  void aFailureStartsNoFurtherExperiment() {
    List<String> started = new ArrayList<>();
    assertThrows(IllegalStateException.class, () -> ExperimentQueue.train(
        List.of("a", "b", "c"), List.of(idle()), (launcher, id) -> {
          started.add(id);
          if (id.equals("b")) throw new IllegalStateException("b failed");
          return id;
        }));
    assertEquals(List.of("a", "b"), started);
  }

  @Test
  void severalFailuresAreNamedTogetherInPlanOrder() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    ExperimentsFailedException thrown = assertThrows(ExperimentsFailedException.class,
        () -> ExperimentQueue.train(List.of("a", "b"), List.of(idle(), idle()), (launcher, id) -> {
          bothStarted.countDown();
          await(bothStarted);
          throw new IllegalStateException(id + " failed\nits last lines");
        }));
    assertEquals("2 experiments failed:\n\na failed\nits last lines\n\nb failed\nits last lines",
        thrown.getMessage());
    assertEquals(2, thrown.getSuppressed().length);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
