package dev.vgp.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void spearmansRhoIsThePearsonCorrelationOfRanksTiesSharingTheirMeanRank() {
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Ranking.ranks(List.of(9.0, 5.0, 5.0, 1.0)));
    assertEquals(1.0, Ranking.pearson(Ranking.ranks(List.of(3.0, 2.0, 1.0)),
        Ranking.ranks(List.of(30.0, 20.0, 10.0))), 1e-12);
    assertEquals(-1.0, Ranking.pearson(Ranking.ranks(List.of(3.0, 2.0, 1.0)),
        Ranking.ranks(List.of(10.0, 20.0, 30.0))), 1e-12);
    // one swap among four: 1 - 6 * (1 + 1) / (4 * 15) = 0.8
    assertEquals(0.8, Ranking.pearson(Ranking.ranks(List.of(4.0, 3.0, 2.0, 1.0)),
        Ranking.ranks(List.of(4.0, 2.0, 3.0, 1.0))), 1e-12);
  }
}
