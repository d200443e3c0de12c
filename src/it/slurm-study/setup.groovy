// Starts a one-node Slurm cluster (cluster.sh) and runs the study on it: vgp:submit, vgp:status
// while the jobs are queued or running, scontrol requeue of one job once it has finished an
// epoch, vgp:status again, then waits for the report job. Each Maven run's output is kept in
// <name>.log for verify.groovy. The cluster stops in verify.groovy, and at the latest when this
// JVM exits, so a failed build leaves no daemons behind.
import java.util.concurrent.TimeUnit

def cluster = new File(basedir, 'cluster.sh').absolutePath
def clusterDir = new File(basedir, 'target/slurm')
def slurmConf = new File(clusterDir, 'slurm.conf').absolutePath
def results = new File(basedir, 'target/vgp')
def started = System.nanoTime()
// a rerun of the IT in the same target/it must not find the last run's results, jobs or logs
new File(basedir, 'target').deleteDir()
basedir.listFiles().findAll { (it.name.endsWith('.log') && it.name != 'build.log') || it.name == 'timings.txt' }*.delete()
def seconds = { String.format('%.0f s', (System.nanoTime() - started) / 1e9) }

def run = { List<String> command, Map<String, String> env = [:] ->
  def builder = new ProcessBuilder(command.collect { it.toString() }).directory(basedir)
      .redirectErrorStream(true)
  builder.environment().putAll(env)
  def process = builder.start()
  def output = process.inputStream.text
  if (!process.waitFor(5, TimeUnit.MINUTES)) { process.destroyForcibly(); throw new AssertionError("${command} hung") }
  [process.exitValue(), output]
}
def slurmEnv = [SLURM_CONF: slurmConf, TF_CPP_MIN_LOG_LEVEL: '2']
def slurm = { List<String> command ->
  def (code, output) = run(command, slurmEnv)
  if (code != 0) throw new AssertionError("${command.join(' ')} failed (${code}): ${output}")
  output.trim()
}
def clusterLogs = { run(['bash', cluster, 'logs', clusterDir.absolutePath])[1] }
def fail = { String message ->
  throw new AssertionError("${message}\n--- cluster logs:\n${clusterLogs()}")
}

// The nested builds run on the Maven under test (mavenHome, from the invoker's configuration) and
// find the plugin the invoker installed, and what it needs, in its local repository.
def mvn = { String name, List<String> args ->
  def command = [new File(mavenHome, 'bin/mvn').absolutePath, '-B',
      "-Dmaven.repo.local=${localRepositoryPath}"]
  def t = System.nanoTime()
  def (code, output) = run(command + args, slurmEnv)
  new File(basedir, "${name}.log").text = output
  def took = String.format('%.1f s', (System.nanoTime() - t) / 1e9)
  new File(basedir, 'timings.txt') << "${name}: ${took}\n"
  println "--- mvn ${args.join(' ')} (${took})"
  output.readLines().findAll { it.startsWith('[INFO] ') && !it.contains('---') && !it.contains('Building ') }
      .each { println it }
  if (code != 0) fail("mvn ${args.join(' ')} failed (${code}):\n${output}")
  output
}
// The limits catch a hung cluster, not a slow one: on a busy machine (four builds on two cores)
// a job's first epoch took over two minutes.
def waitFor = { String what, int timeoutSeconds, Closure<Boolean> condition ->
  def deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L
  while (!condition()) {
    if (System.nanoTime() > deadline) fail("waited ${timeoutSeconds} s for ${what}")
    Thread.sleep(500)
  }
  println "--- ${what} after ${seconds()}"
}

def (startCode, startOutput) = run(['bash', cluster, 'start', clusterDir.absolutePath])
Runtime.runtime.addShutdownHook(new Thread({ run(['bash', cluster, 'stop', clusterDir.absolutePath]) }))
if (startCode != 0) throw new AssertionError("the cluster did not start:\n${startOutput}")
println startOutput.trim()

// the report job must keep the settings of vgp:submit's command line: a report directory
// elsewhere than the default (with a space in its path, as a hostile user would have it)
def reportSetting = "-Dvgp.reportDirectory=${new File(basedir, 'target/cluster report').absolutePath}"
mvn('dry-run', ['vgp:submit', '-Dvgp.dryRun', reportSetting])
mvn('submit', ['vgp:submit', reportSetting])
def requeuedJob = new File(results, 'requeued/slurm-job').text.trim()
def reportJob = new File(results, 'slurm-report-job').text.trim()
mvn('status-submitted', ['vgp:status'])

// Requeue as soon as an epoch is done, well before the last: Slurm sends the job SIGTERM.
def summary = new File(results, 'requeued/summary.csv')
waitFor('a finished epoch of requeued', 300) { summary.isFile() && summary.readLines().size() >= 2 }
slurm(['scontrol', 'requeue', requeuedJob])
def requeuedAt = System.nanoTime()
waitFor('requeued job pending again', 60) {
  def state = slurm(['squeue', '--noheader', '--job', requeuedJob, '--format=%T %r'])
  state.startsWith('PENDING') || state.startsWith('RUNNING')
}
// Slurm holds a requeued job back for two minutes. The second vgp:submit and vgp:status must see
// it queued, so it is held until they have run: on a slower Maven or a busy machine the two
// builds could outlast those two minutes, and the job itself once it started.
def waitsToBegin = (slurm(['squeue', '--noheader', '--job', requeuedJob, '--format=%T %r'])
    =~ /^PENDING.*BeginTime/).find()
if (waitsToBegin) slurm(['scontrol', 'hold', requeuedJob])
mvn('submit-again', ['vgp:submit', reportSetting])
mvn('status-requeued', ['vgp:status'])
// Then this test need not wait the two minutes. But the start is not brought forward at once
// either: slurmd revokes the killed run's credential at the requeue's second and refuses a
// credential made in that same second ('Job credential revoked': the job then fails instead of
// running again), so only once two whole seconds have passed.
if (waitsToBegin) {
  slurm(['scontrol', 'release', requeuedJob])
  Thread.sleep(Math.max(0L, 2_500L - (long) ((System.nanoTime() - requeuedAt) / 1_000_000L)))
  slurm(['scontrol', 'update', "JobId=${requeuedJob}", 'StartTime=now'])
}

waitFor('the report job to end', 600) {
  slurm(['squeue', '--noheader', '--format=%i']).readLines()*.trim().every { it != reportJob }
}
new File(basedir, 'timings.txt') << "study on Slurm, submit to report: ${seconds()}\n"
return true
