// Interrupts a real training run of the pom's experiment right after its first epoch's checkpoint,
// through the same ExperimentRunner that vgp:train uses, so the results directory is exactly what
// a killed build leaves behind. The data is a local synthetic archive (test.properties).
import dev.vgp.run.InterruptedRuns

InterruptedRuns.stopAfterEpoch(basedir.toPath(), ['resumed'], 0)
def results = new File(basedir, 'target/vgp/resumed')
// a failure marks the run interrupted (a kill -9 would leave it running): both resume
assert new File(results, 'experiment.json').text.contains('"status": "interrupted"')
assert !new File(results, 'vgp.lock').exists() : 'the lock is released on failure'
// Kept to check that the resumed run builds on the interrupted epoch instead of redoing it.
new File(basedir, 'interrupted-summary.csv').text = new File(results, 'summary.csv').text
return true
