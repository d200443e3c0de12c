// Checks the study setup.groovy ran on Slurm, then stops the cluster.
def cluster = new File(basedir, 'cluster.sh').absolutePath
def clusterDir = new File(basedir, 'target/slurm')
def results = new File(basedir, 'target/vgp')
def clusterLogs = {
  new ProcessBuilder('bash', cluster, 'logs', clusterDir.absolutePath).redirectErrorStream(true)
      .start().inputStream.text
}
def check = { boolean condition, String message ->
  if (!condition) throw new AssertionError("${message}\n--- cluster logs:\n${clusterLogs()}")
}
def log = { String name -> new File(basedir, "${name}.log").text }
def jobOf = { String id -> new File(results, "${id}/slurm-job").text.trim() }

try {
  // vgp:submit: a dry run writes and shows the scripts, submits nothing
  def dryRun = log('dry-run')
  check(dryRun.contains('requeued: dry run, not submitted: ') && dryRun.contains('#SBATCH --requeue')
      && dryRun.contains('#SBATCH --signal=B:USR1@600') && dryRun.contains('#SBATCH --mail-type=END,REQUEUE')
      && dryRun.contains('#SBATCH --mail-user=vgp-it'), "dry run shows the scripts:\n${dryRun}")
  // one job per experiment and a report job after both, each printed with its log
  def submit = log('submit')
  def requeuedJob = jobOf('requeued'), unbrokenJob = jobOf('unbroken')
  def reportJob = new File(results, 'slurm-report-job').text.trim()
  check(submit.contains("requeued: job ${requeuedJob} submitted, log ${results.canonicalPath}/requeued/slurm-${requeuedJob}.log"),
      "submit names job and log:\n${submit}")
  check(submit.contains("report: job ${reportJob} submitted after ${requeuedJob},${unbrokenJob}"),
      "the report job waits for both:\n${submit}")
  // submitting again while the requeued job waits or runs submits nothing (the unbroken run
  // may be finished by then: up to date)
  def again = log('submit-again')
  check(again.contains("requeued: job ${requeuedJob} is ") && again.contains('already: not submitted again')
      && again.contains("report: job ${reportJob} already waits for them") && !again.contains('submitted, log'),
      "a second submit adds no job:\n${again}")

  // vgp:status at each stage: just submitted (queued or running), after the requeue, finished
  def table = { String output -> output.readLines().findAll { it =~ /^\[INFO\] (experiment|requeued|unbroken) / }
      .collect { it.substring(7) } }
  def submitted = table(log('status-submitted'))
  check(submitted.size() == 3 && submitted[1] =~ /^requeued\s+(queued|running)\s/
      && submitted[2] =~ /^unbroken\s+(queued|running)\s/, "status after submit:\n${submitted.join('\n')}")
  def requeuedStatus = table(log('status-requeued'))
  check(requeuedStatus[1] =~ /^requeued\s+(queued|running|interrupted)\s/ && requeuedStatus[1].contains("job ${requeuedJob}"),
      "status after the requeue shows the job again:\n${requeuedStatus.join('\n')}")
  // the last table of build.log: setup.groovy's output comes first
  def finished = table(new File(basedir, 'build.log').text).takeRight(3)
  check(finished.size() == 3 && finished[1] =~ /^requeued\s+finished\s+5\/5\s/
      && finished[2] =~ /^unbroken\s+finished\s+5\/5\s/, "status at the end:\n${finished.join('\n')}")

  // the requeue happened mid-training: the job ran twice, the run resumed from a checkpoint
  def jobLog = new File(results, "requeued/slurm-${requeuedJob}.log").text
  check(jobLog.contains('(restart 1)') && jobLog =~ /requeued: resuming/,
      "the requeued job ran again and resumed:\n${jobLog}")
  check(jobLog.contains('stopped in epoch'), "the trainer stopped at a step on SIGTERM:\n${jobLog}")

  // its results equal the unbroken run's, but for the time and cost columns
  def withoutTimes = { File csv ->
    def lines = csv.readLines()
    def header = lines[0].split(',') as List
    def timeColumns = ['seconds', 'images_per_sec', 'cpu_seconds', 'peak_rss_bytes', 'peak_heap_bytes',
        'native_bytes', 'tensorflow_bytes', 'gpu_bytes'].collect { header.indexOf(it) }.findAll { it >= 0 }
    lines.collect { line -> def cells = line.split(',') as List; cells.indices.findAll { !(it in timeColumns) }.collect { cells[it] } }
  }
  ['summary.csv', 'gradient_flow.csv', 'test_summary.csv'].each { name ->
    def requeued = new File(results, "requeued/${name}"), unbroken = new File(results, "unbroken/${name}")
    check(withoutTimes(requeued) == withoutTimes(unbroken), "${name} of the requeued run differs from the unbroken one's:\n"
        + "${requeued.text}\n---\n${unbroken.text}")
  }

  // and its TensorBoard log goes on from the checkpoint: every epoch once, as the unbroken one's
  def steps = { String id ->
    dev.vgp.results.TensorBoardLog.read(new dev.vgp.results.ResultsDirectory(new File(results, id)
        .toPath())).findAll { it.hasSummary() }.collect { it.step }
  }
  check(steps('requeued') == steps('unbroken') && !steps('unbroken').isEmpty()
      && steps('unbroken') == (0L..<steps('unbroken').size()).toList(),
      "TensorBoard steps: requeued ${steps('requeued')}, unbroken ${steps('unbroken')}")

  // the report, written by the dependent job into the report directory given to vgp:submit,
  // and the expectations checked there by vgp:check (its JUnit file too)
  def reportLog = new File(results, "slurm-report-${reportJob}.log")
  def reportText = reportLog.isFile() ? reportLog.text : 'no log'
  check(reportText.contains('BUILD SUCCESS') && reportText.contains('1 expectation: 1 passed, 0 failed')
      && reportText.contains('vgp: the report job ended with exit code 0'), "the report job ran report and check: ${reportText}")
  def reportDir = new File(basedir, 'target/cluster report')
  def index = new File(reportDir, 'index.html')
  check(index.isFile() && index.text.contains('requeued') && index.text.contains('unbroken'), 'the report names both runs')
  def junit = new File(reportDir, 'expectations/TEST-vgp-expectations.xml')
  check(junit.isFile() && junit.text.contains('VGG08 does not vanish'), "check wrote its JUnit file: ${junit}")
  check(!new File(basedir, 'target/vgp-report').exists(), 'nothing was written to the default report directory')
  // vgp:status follows the report job: queued after the submit, done at the end (read from its
  // log: the invoker's own build has no Slurm)
  def reportStatus = { String output -> output.readLines().findAll { it.startsWith("[INFO] report job ${reportJob} (vgp:report, vgp:check): ") } }
  check(reportStatus(log('status-submitted')).size() == 1 && reportStatus(log('status-submitted'))[0].contains(': queued, PENDING (Dependency)'),
      "status after submit shows the report job queued:\n${log('status-submitted')}")
  def finalReportStatus = reportStatus(new File(basedir, 'build.log').text).takeRight(1)
  check(finalReportStatus.size() == 1 && finalReportStatus[0].contains(': done; log '),
      "status at the end shows the report job done:\n${finalReportStatus}")
  // <notify> reached every job: Slurm mailed vgp-it when each ended and when one was requeued
  def mail = new File(clusterDir, 'log/mail.log')
  def mails = mail.isFile() ? mail.readLines() : []
  [requeuedJob, unbrokenJob, reportJob].each { job ->
    check(mails.any { it =~ /^-s Slurm Job_id=${job} .*Ended.* vgp-it$/ },
        "a mail on the end of job ${job}:\n${mails.join('\n')}")
  }
  check(mails.any { it =~ /^-s Slurm Job_id=${requeuedJob} .*Requeue.* vgp-it$/ },
      "a mail on the requeue of job ${requeuedJob}:\n${mails.join('\n')}")
  println new File(basedir, 'timings.txt').text
} finally {
  new ProcessBuilder('bash', cluster, 'stop', clusterDir.absolutePath).inheritIO().start().waitFor()
}
return true
