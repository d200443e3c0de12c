package dev.vgp.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One writer per directory, across processes and across hosts that share the directory over NFS:
 * the file {@value #FILE} in it names the holder (host, pid, start time) and is refreshed by a
 * heartbeat while the holder works. Readers never take it; they may {@link #read} it to tell a
 * run still going from one that died.
 *
 * <p>A lock is stale, and taken over with a log line, when its process is gone (same host: no
 * live process with its pid, or one started after the lock) or when it has not been refreshed for
 * the configured time (another host, whose processes cannot be seen from here).
 */
public final class WriterLock implements AutoCloseable {

  public static final String FILE = "vgp.lock";
  /** Long enough that a busy NFS server or a paused VM does not cost a live run its lock. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
  private static final Duration WAIT_POLL = Duration.ofSeconds(1);

  /**
   * How to meet a lock that someone else holds.
   *
   * @param waitForIt wait until it is released (or goes stale) instead of failing at once
   * @param staleAfter a lock not refreshed for this long is taken over; the holder refreshes
   *     five times within it
   */
  public record Policy(boolean waitForIt, Duration staleAfter) {
    public static Policy failFast() {
      return new Policy(false, DEFAULT_STALE_AFTER);
    }
  }

  /**
   * Who holds a lock, as its file says.
   *
   * @param token tells this holder's file from a later holder's with the same host and pid
   */
  public record Holder(String host, long pid, Instant startedAt, Instant refreshedAt,
      String token) {

    /** "pid 4711 on node-3, holding it for 2 h 05 min (refreshed 40 s ago)". */
    public String describe(Instant now) {
      return "pid " + pid + " on " + host + ", holding it for "
          + Durations.describe(Duration.between(startedAt, now)) + " (refreshed "
          + Durations.describe(Duration.between(refreshedAt, now)) + " ago)";
    }

    /** Why this lock may be taken over, or empty while its holder is alive. */
    public Optional<String> staleness(Duration staleAfter, Instant now) {
      if (host.equals(localHost())) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) return Optional.of("process " + pid + " on " + host + " is gone");
        // pids are reused: a process started after the lock was taken is not its holder
        Optional<Instant> processStart = process.get().info().startInstant();
        if (processStart.isPresent()
            && processStart.get().isAfter(startedAt.plusSeconds(1))) {
          return Optional.of("pid " + pid + " on " + host + " now belongs to a process started"
              + " after the lock was taken");
        }
      }
      Duration silence = Duration.between(refreshedAt, now);
      if (silence.compareTo(staleAfter) > 0) {
        return Optional.of("not refreshed for " + Durations.describe(silence) + " (stale after "
            + Durations.describe(staleAfter) + ")");
      }
      return Optional.empty();
    }

    public boolean live(Duration staleAfter, Instant now) {
      return staleness(staleAfter, now).isEmpty();
    }

    String toJson() {
      return Json.write(this);
    }

    static Holder parse(String json) {
      return Json.read(json, Holder.class);
    }
  }

  /** The lock is held by a live process and the policy says not to wait. */
  public static final class HeldException extends RuntimeException {
    private final Holder holder;

    HeldException(Path lockFile, Holder holder) {
      // vgp:train alone has -Dvgp.waitForLock: vgp:submit and vgp:gradient-flow ignore it
      super(lockFile.getParent() + " is being written by another run: " + lockFile + " is held by "
          + holder.describe(Instant.now()) + ". Wait for it to end (vgp:train waits for it with"
          + " -Dvgp.waitForLock), or, if that run is really gone, delete " + lockFile);
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  private final Path file;
  private final Consumer<String> log;
  private final ScheduledExecutorService heartbeat;
  private volatile Holder mine;
  private volatile Consumer<String> whenLost = reason -> {};
  private volatile boolean lost;
  private boolean released;

  private WriterLock(Path file, Holder mine, Duration staleAfter, Consumer<String> log) {
    this.file = file;
    this.mine = mine;
    this.log = log;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "vgp-lock-heartbeat " + file.getParent().getFileName());
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(1, staleAfter.toMillis() / 5);
    heartbeat.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lock file of {@code directory}. */
  public static Path fileIn(Path directory) {
    return directory.resolve(FILE);
  }

  /**
   * The holder of {@code directory}'s lock, without taking it; empty when there is none (or it
   * is unreadable, which only an instant of a non-linking file system or damage leaves).
   */
  public static Optional<Holder> read(Path directory) {
    try {
      return Optional.of(Holder.parse(Files.readString(fileIn(directory))));
    } catch (IOException | RuntimeException absentOrUnreadable) {
      return Optional.empty();
    }
  }

  /**
   * Fails at once when a live process holds {@code directory}'s lock and the policy says not to
   * wait, without taking the lock: a cheap check before a long preparation.
   *
   * @throws HeldException naming the holder
   */
  public static void requireFree(Path directory, Policy policy) {
    if (policy.waitForIt()) return;
    Optional<Holder> holder = read(directory);
    if (holder.isPresent() && holder.get().live(policy.staleAfter(), Instant.now())) {
      throw new HeldException(fileIn(directory), holder.get());
    }
  }

  /**
   * Takes the lock of {@code directory} (created if missing), taking over a stale one.
   *
   * @param log hears takeovers, waiting and a lost lock
   * @throws HeldException when a live process holds it and the policy says not to wait
   */
  public static WriterLock acquire(Path directory, Policy policy, Consumer<String> log) {
    Path file = fileIn(directory);
    try {
      Files.createDirectories(directory);
      boolean waiting = false;
      while (true) {
        Instant now = Instant.now();
        Holder mine = new Holder(localHost(), ProcessHandle.current().pid(), now, now,
            UUID.randomUUID().toString());
        if (create(file, mine)) return new WriterLock(file, mine, policy.staleAfter(), log);
        byte[] seen;
        try {
          seen = Files.readAllBytes(file);
        } catch (NoSuchFileException released) {
          continue;
        }
        Holder holder = holderOf(file, seen);
        Optional<String> stale = holder.staleness(policy.staleAfter(), Instant.now());
        if (stale.isPresent()) {
          takeOver(file, seen);
          log.accept("took over the stale lock " + file + " of pid " + holder.pid() + " on "
              + holder.host() + ": " + stale.get());
          continue;
        }
        if (!policy.waitForIt()) throw new HeldException(file, holder);
        if (!waiting) {
          log.accept("waiting for " + file + ", held by " + holder.describe(Instant.now()));
          waiting = true;
        }
        Thread.sleep(WAIT_POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not take the lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lock " + file, e);
    }
  }

  /**
   * Creates the lock file holding {@code holder}, only if none exists. The content goes to a
   * temporary file first, which is then hard-linked as the lock: link(2) fails when the name
   * exists, is atomic on local file systems and on NFS (where it is the traditional lock
   * primitive, older servers not honouring O_EXCL), and the lock appears complete, so no reader
   * sees an empty one. On a file system without hard links, CREATE_NEW (O_EXCL) is as exclusive
   * (NFSv3 and later), leaving the lock empty for an instant, which readers then date by the
   * file's modification time.
   */
  private static boolean create(Path file, Holder holder) throws IOException {
    byte[] content = holder.toJson().getBytes(StandardCharsets.UTF_8);
    Path tmp = Files.createTempFile(file.getParent(), "." + FILE, ".tmp");
    try {
      Files.write(tmp, content);
      try {
        Files.createLink(file, tmp);
        return true;
      } catch (FileAlreadyExistsException held) {
        // NFS may report EEXIST for a link it made when its first reply was lost
        return Arrays.equals(content, readOrEmpty(file));
      } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      }
    } catch (FileAlreadyExistsException held) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] readOrEmpty(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }

  /** The holder a lock file names; an unreadable one is dated by its modification time. */
  private static Holder holderOf(Path file, byte[] content) throws IOException {
    try {
      return Holder.parse(new String(content, StandardCharsets.UTF_8));
    } catch (RuntimeException unreadable) {
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      return new Holder("an unknown host (unreadable lock file)", -1, modified, modified, "");
    }
  }

  /**
   * Deletes a stale lock if it still holds what was judged stale, so that of two processes taking
   * over the same stale lock the second does not delete the first's fresh one. (Between this
   * re-read and the delete, microseconds, the race remains open; closing it needs a lock server.)
   */
  private static void takeOver(Path file, byte[] judged) throws IOException {
    if (Arrays.equals(judged, readOrEmpty(file))) Files.deleteIfExists(file);
  }

  /** Called (on the heartbeat thread) if another process takes this lock over. */
  public void whenLost(Consumer<String> action) {
    this.whenLost = action;
  }

  /** Whether another process took this lock over: the directory is no longer this run's. */
  public boolean lost() {
    return lost;
  }

  /**
   * Rewrites the lock with a new refresh time, unless it is no longer this holder's. (A takeover
   * between the check and the write would be overwritten; it needs this holder to have been
   * silent for the whole stale time first, so it cannot fall in that instant but by a stall.)
   */
  private void refresh() {
    try {
      Optional<Holder> now = read(file.getParent());
      if (now.isEmpty() || !now.get().token().equals(mine.token())) {
        String reason = "the lock " + file + " was taken over"
            + now.map(h -> " by pid " + h.pid() + " on " + h.host()).orElse(" and released")
            + " while this run (pid " + mine.pid() + ") held it";
        log.accept("WARNING: " + reason);
        lost = true;
        heartbeat.shutdown();
        whenLost.accept(reason);
        return;
      }
      Holder refreshed = new Holder(mine.host(), mine.pid(), mine.startedAt(), Instant.now(),
          mine.token());
      AtomicFiles.writeString(file, refreshed.toJson());
      mine = refreshed;
    } catch (RuntimeException e) {
      // a failed refresh (a busy file server) is retried at the next beat; the lock goes stale
      // only after five in a row
      log.accept("WARNING: could not refresh the lock " + file + ": " + e.getMessage());
    }
  }

  /** Releases the lock: deletes its file if it is still this holder's. */
  @Override
  public synchronized void close() {
    if (released) return;
    released = true;
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
      if (read(file.getParent()).map(h -> h.token().equals(mine.token())).orElse(false)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not release the lock " + file + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This machine's name as locks record it; a process on another name cannot be checked. */
  static String localHost() {
    return LocalHost.NAME;
  }

  private static final class LocalHost {
    static final String NAME = name();

    private static String name() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        String env = System.getenv("HOSTNAME");
        return env != null ? env : "unknown-host";
      }
    }
  }
}
