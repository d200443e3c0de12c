package dev.vgp.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * A plan's experiments trained by several launchers at once ({@code -Dvgp.parallel}), as
 * surefire's {@code forkCount} runs test classes: each launcher takes the next experiment, in
 * plan order, when it is free. The calling thread works the first launcher, so that one launcher
 * trains exactly as a loop over the plan would.
 *
 * <p>A failure (an exception, a diverged run that fails the build, a process that died) starts
 * no further experiment, as with one launcher, but the experiments under way run to their end and
 * keep their work; then the failures are thrown, in plan order: one as it is, several together
 * in an {@link ExperimentsFailedException}.
 */
final class ExperimentQueue {

  private ExperimentQueue() {}

  /**
   * Trains each of {@code experiments} with {@code train} on one of {@code launchers}.
   *
   * @return what {@code train} returned for each, in plan order
   */
  static <E, R> List<R> train(List<E> experiments, List<Launcher> launchers,
      BiFunction<Launcher, E, R> train) {
    Queue<Integer> next = new ConcurrentLinkedQueue<>(
        IntStream.range(0, experiments.size()).boxed().toList());
    AtomicReferenceArray<R> results = new AtomicReferenceArray<>(experiments.size());
    Map<Integer, Throwable> failures = new ConcurrentSkipListMap<>();
    List<Runnable> workers = launchers.stream().<Runnable>map(launcher -> () -> {
      for (Integer i; failures.isEmpty() && (i = next.poll()) != null; ) {
        try {
          results.set(i, train.apply(launcher, experiments.get(i)));
        } catch (RuntimeException | Error e) {
          failures.put(i, e);
        }
      }
    }).limit(Math.max(1, experiments.size())).toList();
    List<Thread> others = IntStream.range(1, workers.size()).mapToObj(i ->
        new Thread(workers.get(i), "vgp-launcher-" + (i + 1))).toList();
    others.forEach(Thread::start);
    workers.get(0).run();
    joinAll(others);
    if (failures.size() > 1) throw new ExperimentsFailedException(List.copyOf(failures.values()));
    for (Throwable failure : failures.values()) {
      if (failure instanceof Error error) throw error;
      throw (RuntimeException) failure;
    }
    List<R> trained = new ArrayList<>();
    for (int i = 0; i < results.length(); i++) trained.add(results.get(i));
    return trained;
  }

  /**
   * Waits for every thread to end. Interrupted, it interrupts them, which stops their training
   * processes ({@link ChildProcess#run}), waits for them all the same and stays interrupted.
   */
  private static void joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
          threads.forEach(Thread::interrupt);
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
