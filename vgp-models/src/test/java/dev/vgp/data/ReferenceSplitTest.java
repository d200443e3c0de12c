package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The split must match numpy's bit for bit: the check values come from the reference. */
class ReferenceSplitTest {

  @Test
  void mersenneTwisterMatchesNumpysFirstOutputsForSeedZero() {
    // numpy.random.RandomState(0).randint(0, 2**32, size=3, dtype=numpy.uint64)
    NumpyRandomState random = new NumpyRandomState(0);
    assertEquals(2357136044L, random.nextUint32());
    assertEquals(2546248239L, random.nextUint32());
    assertEquals(3071714933L, random.nextUint32());
  }

  @Test
  void smallPermutationMatchesNumpy() {
    // numpy.random.RandomState(0).permutation(7)
    assertArrayEquals(new int[] {6, 2, 1, 3, 0, 5, 4}, new NumpyRandomState(0).permutation(7));
  }

  @Test
  void cifarSplitMatchesTheReferenceCheckValues() throws Exception {
    ReferenceSplit split = ReferenceSplit.of(50_000);
    assertEquals(47_500, split.train().length);
    assertEquals(2_500, split.validation().length);
    assertArrayEquals(new int[] {11841, 19602, 45519}, Arrays.copyOf(split.train(), 3));
    assertArrayEquals(new int[] {52, 55, 63, 81, 93}, Arrays.copyOf(split.validation(), 5));
    assertEquals("d379aa04fbacd639ef245296df34db7e8f572da5505502e4ed5ed10322a659d1",
        sha256OfJoined(split.validation()));
    assertEquals("2eeb34638919f75226de1b797557d3ddde12dc43275d5f92ff7b36d6950e0bcb",
        sha256OfJoined(split.train()));
  }

  @Test
  void otherSizesHoldOutOneInTwentyRoundedUpAndCoverEveryIndexOnce() {
    // numpy.random.RandomState(0).permutation(60000)[:5] for Fashion-MNIST's training file
    ReferenceSplit fashion = ReferenceSplit.of(60_000);
    assertArrayEquals(new int[] {3048, 19563, 58303, 8870, 40228},
        Arrays.copyOf(fashion.train(), 5));
    assertEquals(3_000, fashion.validation().length);

    ReferenceSplit odd = ReferenceSplit.of(101);
    assertEquals(6, odd.validation().length);
    int[] all = new int[101];
    System.arraycopy(odd.train(), 0, all, 0, 95);
    System.arraycopy(odd.validation(), 0, all, 95, 6);
    Arrays.sort(all);
    for (int i = 0; i < all.length; i++) assertEquals(i, all[i]);
  }

  private static String sha256OfJoined(int[] indices) throws Exception {
    String joined = Arrays.stream(indices).mapToObj(Integer::toString)
        .collect(Collectors.joining(","));
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(joined.getBytes(StandardCharsets.US_ASCII)));
  }
}
