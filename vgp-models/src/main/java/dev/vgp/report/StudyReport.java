package dev.vgp.report;

import dev.vgp.results.ResultsDirectory;
import dev.vgp.results.TensorBoardLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The report of a study, all from recorded results, and where TensorBoard finds the experiments'
 * logs: {@code tensorboard --logdir target/vgp} shows them side by side.
 *
 * @param report the report's files, index.html first
 * @param tensorBoard the newest events file of each experiment that has one
 */
public record StudyReport(List<Path> report, List<Path> tensorBoard) {

  /**
   * @param tensorBoard whether to write the TensorBoard log of results recorded before the
   *     training process wrote one (from their CSV files, without TensorFlow)
   */
  public static StudyReport write(ReportRequest request, boolean tensorBoard) {
    List<Path> report = ReportGenerator.generate(request);
    List<ResultsDirectory> results = request.resultsDirectories().stream()
        .map(ResultsDirectory::new).toList();
    if (tensorBoard) results.forEach(TensorBoardLog::writeFromRecords);
    List<Path> events = results.stream().map(TensorBoardLog::newestFile)
        .flatMap(Optional::stream).toList();
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
