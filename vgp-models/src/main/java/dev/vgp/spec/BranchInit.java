package dev.vgp.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * How each residual branch starts, the cures that make a deep residual network start as a shallow
 * one: each makes every branch an identity (or nearly) at initialisation, with no normalisation
 * or with one scalar.
 */
@JsonDeserialize(using = BranchInit.Read.class)
public enum BranchInit {
  /** Every branch as its layers' initialisation makes it. */
  NONE("none"),
  /** The last BN of each branch starts at gamma 0 (He et al. 2019, "Bag of Tricks"). */
  ZERO_GAMMA("zero-gamma"),
  /**
   * One trainable scalar, 0 at first, multiplies each branch (ReZero, Bachlechner et al. 2020;
   * SkipInit, De and Smith 2020, is the same multiplier).
   */
  REZERO("ReZero"),
  /**
   * Fixup (Zhang et al. 2019), as far as this VGG has residual branches: no BN in the blocks, each
   * branch's first conv initialised at L^(-1/2) of its scheme's scale (L branches of m = 2 convs:
   * L^(-1/(2m-2))), its last conv at 0, a scalar bias before each conv and the activation of a
   * branch and after it, a scalar multiplier 1 at its end, and a scalar bias before the classifier.
   */
  FIXUP("Fixup");

  private final String cureName;

  BranchInit(String cureName) {
    this.cureName = cureName;
  }

  /** As the study names the cure in a model's name, e.g. "VGG38 RC + ReZero". */
  public String cureName() {
    return cureName;
  }

  /**
   * Reads a value as a POM spells it, and an {@code experiment.json} or {@code plan.json}
   * written before this setting existed, which does not name it, as {@link #NONE}.
   */
  static final class Read extends StdDeserializer<BranchInit> {

    Read() {
      super(BranchInit.class);
    }

    @Override
    public BranchInit deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return (BranchInit) Settings.parseValue("branchInit", BranchInit.class, "",
          parser.getValueAsString());
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
      return NONE;
    }
  }
}
