package dev.vgp.spec;

/**
 * The study's five kinds of model, named once for the whole code: the benchmarks time them, the
 * report's figures and findings pick runs by them. Runs are told apart by their specification
 * rather than their label, so that a user's own labels ("deep+bn") still land in the right place.
 */
public enum ModelVariant {
  SHALLOW("VGG08", ModelSpec.vgg08()),
  DEEP("VGG38", ModelSpec.vgg38()),
  DEEP_BN("VGG38 BN", ModelSpec.vgg38().with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS)),
  DEEP_RC("VGG38 RC", ModelSpec.vgg38().with("residual", true)),
  DEEP_BN_RC("VGG38 BN + RC", ModelSpec.vgg38()
      .with("batchNorm", BatchNormPlacement.ALL_BLOCK_CONVS).with("residual", true));

  private final String studyName;
  private final ModelSpec model;

  ModelVariant(String studyName, ModelSpec model) {
    this.studyName = studyName;
    this.model = model.with("name", studyName);
  }

  /** As the report's Table 1 names it, e.g. "VGG38 BN + RC". */
  public String studyName() {
    return studyName;
  }

  /** The study's model of this kind, named {@link #studyName()}: BN after every block conv. */
  public ModelSpec model() {
    return model;
  }

  public boolean deep() {
    return this != SHALLOW;
  }

  public static ModelVariant of(ModelSpec model) {
    if (model.blocksPerStage() == 0) return SHALLOW;
    boolean bn = model.batchNorm() != BatchNormPlacement.NONE;
    if (bn && model.residual()) return DEEP_BN_RC;
    if (bn) return DEEP_BN;
    return model.residual() ? DEEP_RC : DEEP;
  }
}
