package dev.vgp.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns an {@link ImageSet} into batches: shuffled and augmented for training, in order for
 * evaluation. Training batches are prepared ahead on a background thread so that input never
 * stalls a training step.
 *
 * <p>Reproducible across a resume: epoch {@code e}'s order and augmentation depend only on the seed
 * and {@code e}, never on how many epochs this process has run before.
 */
public final class BatchPipeline {

  /** Zero padding on each side before the random 32x32 crop, as in the reference. */
  public static final int CROP_PADDING = 4;

  private static final int PREFETCH = 3;

  private BatchPipeline() {}

  /** Batches of one training epoch: shuffled, augmented when asked, the last batch may be short. */
  public static BatchStream training(ImageSet set, int batchSize, long seed, int epoch,
      boolean augment) {
    SplittableRandom random = epochRandom(seed, epoch);
    int[] order = permutation(set.count(), random);
    long augmentSeed = random.nextLong();
    return new Prefetching(set, order, batchSize, augment ? augmentSeed : null);
  }

  /** Batches in the set's order, without augmentation, for validation and test. */
  public static BatchStream inOrder(ImageSet set, int batchSize) {
    int[] order = new int[set.count()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    return new Prefetching(set, order, batchSize, null);
  }

  /** The epoch's own random stream: a function of (seed, epoch) alone. */
  static SplittableRandom epochRandom(long seed, int epoch) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
  }

  static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * Copies image {@code src} of {@code set} into {@code dst} at {@code offset}, shifted by
   * (dy, dx) with zero fill (the random crop of a zero-padded image) and mirrored when asked.
   */
  static void copyAugmented(ImageSet set, int src, byte[] dst, int offset, int dy, int dx,
      boolean flip) {
    int h = set.height();
    int w = set.width();
    int c = set.channels();
    byte[] px = set.pixels();
    int base = src * set.imageBytes();
    Arrays.fill(dst, offset, offset + set.imageBytes(), (byte) 0);
    // Output column x shows source column x + dx, or w - 1 - x + dx when mirrored; these are
    // the columns whose source lies inside the image.
    int firstX = Math.max(0, flip ? dx : -dx);
    int endX = Math.min(w, flip ? w + dx : w - dx);
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      if (sy < 0 || sy >= h || firstX >= endX) continue;
      int rowIn = base + sy * w * c;
      int rowOut = offset + y * w * c;
      if (!flip) {
        // Unmirrored, a row's pixels stay contiguous: one copy per row.
        System.arraycopy(px, rowIn + (firstX + dx) * c, dst, rowOut + firstX * c,
            (endX - firstX) * c);
      } else {
        for (int x = firstX; x < endX; x++) {
          System.arraycopy(px, rowIn + (w - 1 - x + dx) * c, dst, rowOut + x * c, c);
        }
      }
    }
  }

  /** An iterator of batches that may hold a thread; close it when done. */
  public interface BatchStream extends Iterator<Batch>, AutoCloseable {
    int batches();

    @Override
    void close();
  }

  private static final class Prefetching implements BatchStream {
    private static final Batch END = new Batch(new byte[0], new int[0], 0);

    private final int batches;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(PREFETCH);
    private final Thread worker;
    private volatile RuntimeException failure;
    private Batch next;
    private int delivered;

    Prefetching(ImageSet set, int[] order, int batchSize, Long augmentSeed) {
      this.batches = (order.length + batchSize - 1) / batchSize;
      this.worker = new Thread(() -> produce(set, order, batchSize, augmentSeed), "vgp-batches");
      worker.setDaemon(true);
      worker.start();
    }

    private void produce(ImageSet set, int[] order, int batchSize, Long augmentSeed) {
      SplittableRandom random = augmentSeed == null ? null : new SplittableRandom(augmentSeed);
      int size = set.imageBytes();
      try {
        for (int start = 0; start < order.length; start += batchSize) {
          int n = Math.min(batchSize, order.length - start);
          byte[] images = new byte[n * size];
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            int src = order[start + i];
            labels[i] = set.labels()[src];
            if (random == null) {
              System.arraycopy(set.pixels(), src * size, images, i * size, size);
            } else {
              int dy = random.nextInt(2 * CROP_PADDING + 1) - CROP_PADDING;
              int dx = random.nextInt(2 * CROP_PADDING + 1) - CROP_PADDING;
              copyAugmented(set, src, images, i * size, dy, dx, random.nextBoolean());
            }
          }
          queue.put(new Batch(images, labels, n));
        }
        queue.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure = e;
        queue.offer(END);
      }
    }

    @Override
    public int batches() {
      return batches;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
      }
      if (failure != null) throw failure;
      return next != END;
    }

    @Override
    public Batch next() {
      if (!hasNext()) throw new NoSuchElementException("all " + delivered + " batches delivered");
      Batch batch = next;
      next = null;
      delivered++;
      return batch;
    }

    @Override
    public void close() {
      worker.interrupt();
    }
  }
}
