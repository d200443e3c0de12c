package dev.vgp.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelVariantTest {

  @Test
  void theFiveStudyModelsAreNamedOnceAndKnowThemselvesBack() {
    assertEquals(List.of("VGG08", "VGG38", "VGG38 BN", "VGG38 RC", "VGG38 BN + RC"),
        Arrays.stream(ModelVariant.values()).map(v -> v.model().name()).toList());
    assertEquals(List.of(59_716L, 336_196L, 338_500L, 336_196L, 338_500L),
        Arrays.stream(ModelVariant.values()).map(v -> v.model().parameterCount()).toList());
    for (ModelVariant variant : ModelVariant.values()) {
      assertEquals(Optional.of(variant), ModelVariant.of(variant.model()));
    }
  }

  @Test
  void aRefinedStudyModelIsItsVariantAndAnotherDepthNone() {
    assertEquals(Optional.of(ModelVariant.DEEP_BN), ModelVariant.of(ModelSpec.vgg38()
        .with("batchNorm", BatchNormPlacement.PROCESSING_BLOCKS).with("width", 8)));
    assertEquals(Optional.empty(), ModelVariant.of(ModelSpec.vgg08().with("stages", 4)));
    assertEquals(Optional.empty(), ModelVariant.of(ModelSpec.vgg08().with("blocksPerStage", 1)));
  }
}
