package dev.vgp.maven;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The accepted values of a goal's number parameter, in the interval notation of the experiment
 * settings ({@code "[1, inf)"}): {@link CheckedConfigurator} refuses others before the goal runs,
 * naming the property, the value and this range.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {

  String value();
}
