package dev.vgp.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The study's five models: the benchmarks time them, the findings ask about them. Each is named as
 * {@link ModelSpec#studyName()} names it. Runs are told apart by their specification rather than
 * their label, so that a user's own labels ("deep+bn") still land in the right place.
 */
public enum ModelVariant {
  SHALLOW(ModelSpec.vgg08()),
  DEEP(ModelSpec.vgg38()),
  DEEP_BN(ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)),
  DEEP_RC(ModelSpec.vgg38().with("residual", true)),
  DEEP_BN_RC(ModelSpec.vgg38()
      .with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS).with("residual", true));

  private final ModelSpec model;

  ModelVariant(ModelSpec model) {
    this.model = model.with("name", model.studyName());
  }

  /** As the report's Table 1 names it, e.g. "VGG38 BN + RC". */
  public String studyName() {
    return model.name();
  }

  /** The study's model of this kind, named {@link #studyName()}: BN after every block conv. */
  public ModelSpec model() {
    return model;
  }

  public boolean deep() {
    return this != SHALLOW;
  }

  /**
   * The variant {@code model} is one of (any BN placement, width or initialisation), or empty for
   * a model of another depth or with another cure.
   */
  public static Optional<ModelVariant> of(ModelSpec model) {
    return Arrays.stream(values())
        .filter(v -> v.model.depthName().equals(model.depthName())
            && v.model.cures().equals(model.cures()))
        .findFirst();
  }
}
