package dev.vgp.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The schedulers vgp knows, in the order it looks for their clients on the PATH. */
public final class Schedulers {

  /** Each known scheduler, for the user whose jobs it submits and lists. */
  private static final List<Function<String, Scheduler>> KNOWN = List.of(Slurm::forUser);

  private Schedulers() {}

  /** The first known scheduler whose client is on this machine's PATH. */
  public static Optional<Scheduler> onPath(String user) {
    return known(user).stream().filter(Scheduler::available).findFirst();
  }

  /**
   * The scheduler of this machine, or, when none is on the PATH, the first known one: its scripts
   * and files can be written and read without its client (a dry run, the status of results
   * copied from a cluster).
   */
  public static Scheduler onPathOrFirst(String user) {
    return onPath(user).orElseGet(() -> known(user).get(0));
  }

  private static List<Scheduler> known(String user) {
    return KNOWN.stream().map(scheduler -> scheduler.apply(user)).toList();
  }
}
