package dev.vgp.analysis;

import dev.vgp.spec.BatchNormPlacement;
import dev.vgp.spec.ModelSpec;

/**
 * The study's five kinds of model, told apart by their specification rather than their label, so
 * that a user's own labels ("deep+bn") still land in the right place of the report.
 */
public enum ModelVariant {
  SHALLOW("VGG08"),
  DEEP("VGG38"),
  DEEP_BN("VGG38 BN"),
  DEEP_RC("VGG38 RC"),
  DEEP_BN_RC("VGG38 BN + RC");

  private final String studyName;

  ModelVariant(String studyName) {
    this.studyName = studyName;
  }

  public String studyName() {
    return studyName;
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
