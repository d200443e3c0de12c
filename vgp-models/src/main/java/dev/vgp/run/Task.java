package dev.vgp.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;

/**
 * Work for a training process: written to its file in the directory it works in (a record that
 * maps itself to JSON), read back there, and run by a {@link Launcher}, in a training process or
 * in this JVM. A new kind of task is a record implementing this and a line in {@link TaskKind}.
 */
public interface Task {

  /** Its name on {@link ChildMain}'s command line, its file and its log. */
  @JsonIgnore
  TaskKind kind();

  /** Does the work, in the JVM that {@code worker} stands for. */
  void run(Worker worker);

  /** The subject of a failure message, e.g. "training vgg38-1e-3". */
  String describe(Path directory);

  /** What running it again does, the failure message's last line. */
  String rerunHint(Path directory);
}
