package dev.vgp.report;

import dev.vgp.results.ResultsDirectory;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of a study and, next to each experiment's results, its TensorBoard event files, all
 * from recorded results: {@code tensorboard --logdir target/vgp} then shows the experiments side
 * by side.
 *
 * @param report the report's files, index.html first
 * @param tensorBoard one events file per experiment that has finished at least one epoch
 */
public record StudyReport(List<Path> report, List<Path> tensorBoard) {

  public static StudyReport write(ReportRequest request, boolean tensorBoard) {
    List<Path> report = ReportGenerator.generate(request);
    if (!tensorBoard) return new StudyReport(report, List.of());
    List<Path> events = request.resultsDirectories().stream()
        .map(ResultsDirectory::new)
        .filter(results -> !results.readSummary().isEmpty())
        .map(TensorBoardExport::write)
        .toList();
    return new StudyReport(report, events);
  }

  /** The deepest directory holding every events file: one {@code --logdir} shows them all. */
  public Path tensorBoardLogDir() {
    Path common = tensorBoard.get(0).toAbsolutePath().getParent();
    for (Path file : tensorBoard) {
      while (!file.toAbsolutePath().startsWith(common)) common = common.getParent();
    }
    return common;
  }
}
