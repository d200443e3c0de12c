package dev.vgp.maven;

/**
 * {@code vgp:submit}'s {@code <notify>}: the mail every job of the study asks its scheduler for,
 * e.g.
 *
 * <pre>{@code
 * <notify><mailType>END,FAIL,REQUEUE</mailType><mailUser>me@example.org</mailUser></notify>
 * }</pre>
 */
public class Notify {

  /** The events, comma-separated, as Slurm's {@code --mail-type} names them. */
  String mailType;
  /** Who is mailed ({@code --mail-user}). */
  String mailUser;
}
