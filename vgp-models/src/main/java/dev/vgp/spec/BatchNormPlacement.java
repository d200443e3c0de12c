package dev.vgp.spec;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Where batch normalization sits in the block convolutions. The entry block's BN is part of every
 * model (as in the reference) and is not governed by this setting.
 */
public enum BatchNormPlacement {
  /** No BN in processing or reduction blocks: plain VGG08 / VGG38. */
  NONE,
  /** BN after both convs of each processing block only (what the report's text says it ran). */
  PROCESSING_BLOCKS,
  /** BN after every block conv, processing and reduction (the 339K parameter count the report prints). */
  @JsonAlias("all")
  ALL_BLOCK_CONVS;

  public boolean inProcessingBlocks() {
    return this != NONE;
  }

  public boolean inReductionBlocks() {
    return this == ALL_BLOCK_CONVS;
  }
}
