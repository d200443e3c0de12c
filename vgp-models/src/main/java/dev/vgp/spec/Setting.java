package dev.vgp.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of {@link ModelSpec} or {@link TrainingConfig} as an experiment setting that
 * users declare in {@code <defaults>} and {@code <experiment>}. The component is the whole
 * declaration: its name, its type, its default (the value in {@link TrainingConfig#reference()} or
 * the named model) and this documentation. {@link Settings} reads it for POM binding, validation,
 * the fingerprint, {@code experiment.json} and the report.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

  /** What the setting does, for users: one sentence, the unit or the accepted values. */
  String value();

  /**
   * The accepted values of a number in interval notation, {@code "[0, 1)"}, {@code "(0, inf)"};
   * empty for any value.
   */
  String range() default "";

  /**
   * The value at which the setting does nothing, for settings added after vgp 0.1 (empty for the
   * others). A setting at this value is left out of the fingerprint, so that adding it to vgp
   * keeps every earlier run up to date.
   */
  String off() default "";
}
