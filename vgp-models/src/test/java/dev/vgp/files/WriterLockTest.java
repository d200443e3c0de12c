package dev.vgp.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTest {

  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @Test
  void theLockNamesItsHolderIsRefreshedAndReleased() throws Exception {
    Duration staleAfter = Duration.ofMillis(500);
    try (WriterLock lock = WriterLock.acquire(dir, new WriterLock.Policy(false, staleAfter),
        log::add)) {
      WriterLock.Holder first = WriterLock.read(dir).orElseThrow();
      assertEquals(ProcessHandle.current().pid(), first.pid());
      assertEquals(WriterLock.localHost(), first.host());
      Thread.sleep(3 * staleAfter.toMillis());
      WriterLock.Holder later = WriterLock.read(dir).orElseThrow();
      assertTrue(later.refreshedAt().isAfter(first.refreshedAt()), "the heartbeat refreshes");
      assertEquals(first.startedAt(), later.startedAt());
      assertTrue(later.live(staleAfter, Instant.now()));
      String held = assertThrows(WriterLock.HeldException.class,
          () -> WriterLock.acquire(dir, new WriterLock.Policy(false, staleAfter), log::add))
          .getMessage();
      // the goals that meet a held lock but vgp:train (submit, gradient-flow) have no
      // -Dvgp.waitForLock: Maven would ignore it
      assertTrue(held.endsWith(". Wait for it to end (vgp:train waits for it with"
          + " -Dvgp.waitForLock), or, if that run is really gone, delete "
          + WriterLock.fileIn(dir)), held);
    }
    assertFalse(Files.exists(WriterLock.fileIn(dir)));
    assertEquals(List.of(), log);
  }

  @Test
  void aHolderWhoseLockWasTakenOverIsToldAndLeavesTheNewOneAlone() throws Exception {
    Duration staleAfter = Duration.ofMillis(500);
    List<String> lost = new CopyOnWriteArrayList<>();
    WriterLock lock = WriterLock.acquire(dir, new WriterLock.Policy(false, staleAfter), log::add);
    lock.whenLost(lost::add);
    // another host judged it stale (say the file server stalled) and took it
    Files.writeString(WriterLock.fileIn(dir), new WriterLock.Holder("other-host", 7,
        Instant.now(), Instant.now(), "theirs").toJson());
    Thread.sleep(3 * staleAfter.toMillis());
    assertEquals(1, lost.size(), log.toString());
    assertTrue(lost.get(0).contains("taken over by pid 7 on other-host"), lost.get(0));
    assertTrue(lock.lost());
    lock.close();
    assertEquals("theirs", WriterLock.read(dir).orElseThrow().token());
  }

  @Test
  void anUnreadableLockIsDatedByItsFileTime() throws Exception {
    Path file = WriterLock.fileIn(dir);
    Files.writeString(file, "");
    WriterLock.Policy policy = new WriterLock.Policy(false, Duration.ofMinutes(10));
    WriterLock.HeldException held = assertThrows(WriterLock.HeldException.class,
        () -> WriterLock.acquire(dir, policy, log::add));
    assertTrue(held.getMessage().contains("unreadable lock file"), held.getMessage());

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
    WriterLock.acquire(dir, policy, log::add).close();
    assertTrue(log.get(0).contains("not refreshed for 11 min"), log.toString());
  }
}
