package dev.vgp.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Mail the scheduler sends about every job of a study, as cluster users ask Slurm for it
 * ({@code --mail-type}, {@code --mail-user}): on which events and to whom. {@link #NONE} asks for
 * none, and the cluster's defaults apply.
 *
 * @param events the events, as Slurm names them, e.g. {@code END}, {@code FAIL},
 *     {@code REQUEUE}, {@code TIME_LIMIT_80}
 * @param user the address (or cluster user) mailed; required with events
 */
public record Notification(List<String> events, String user) {

  /** Slurm's mail types (sbatch(1), {@code --mail-type}). */
  private static final Set<String> EVENTS = Set.of("NONE", "BEGIN", "END", "FAIL", "REQUEUE",
      "ALL", "INVALID_DEPEND", "STAGE_OUT", "TIME_LIMIT", "TIME_LIMIT_90", "TIME_LIMIT_80",
      "TIME_LIMIT_50", "ARRAY_TASKS");

  public static final Notification NONE = new Notification(List.of(), "");

  public Notification {
    events = events == null ? List.of() : events.stream().map(String::strip)
        .filter(event -> !event.isEmpty()).map(event -> event.toUpperCase(Locale.ROOT)).toList();
    user = user == null ? "" : user.strip();
    for (String event : events) {
      if (!EVENTS.contains(event)) {
        throw new IllegalArgumentException("notify mailType '" + event + "' is not a mail"
            + " type of Slurm: use one or more of " + String.join(", ", EVENTS.stream()
                .sorted().toList()) + ", comma-separated, e.g. END,FAIL,REQUEUE");
      }
    }
    if (!events.isEmpty() && user.isEmpty()) {
      throw new IllegalArgumentException("notify mailType " + String.join(",", events)
          + " needs a mailUser to send to: add <mailUser> to <notify> or -Dvgp.mailUser");
    }
    if (events.isEmpty() && !user.isEmpty()) {
      throw new IllegalArgumentException("notify mailUser " + user + " is given but no"
          + " mailType: add <mailType> to <notify> (e.g. END,FAIL,REQUEUE) or -Dvgp.mailType");
    }
  }

  /** From comma-separated events, e.g. {@code "END,FAIL"}, and a user; blank for none. */
  public static Notification of(String events, String user) {
    return new Notification(events == null ? List.of() : List.of(events.split(",")), user);
  }

  public boolean any() {
    return !events.isEmpty();
  }
}
