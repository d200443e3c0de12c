import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def results = new File(basedir, 'target/vgp')
def weights = 'model.data-00000-of-00001'

// fallback: latest and best are passed over, each named with its file, and set aside; the run
// resumes from the previous epoch's checkpoint and finishes
assert log =~ /checkpoint latest is damaged: ${weights} has \d+ bytes where manifest.json records \d+ \(cut short\); set aside to \S+fallback\/checkpoints\/set-aside\/latest-/
assert log =~ /checkpoint best is damaged: ${weights} does not match its SHA-256 in manifest.json \(its content changed\); set aside to /
assert log.contains('resuming VGG08 after epoch 0 from ' + new File(results, 'fallback/checkpoints/latest.previous').canonicalPath)
assert !log.contains('Read less bytes than requested')
def summary = new File(results, 'fallback/summary.csv').readLines()
def stopped = new File(basedir, 'stopped-summary.csv').readLines()
assert stopped.size() == 3 && summary.size() == 4
assert summary[1] == stopped[1] : 'epoch 0 is kept'
assert summary[1..3].collect { it.split(',')[0] } == ['0', '1', '2']
def record = new JsonSlurper().parse(new File(results, 'fallback/experiment.json'))
assert record.status == 'finished' && record.environment.resumedAtEpoch == 1

// nothing: no checkpoint intact, so the run is set aside whole and trained from the start
assert log =~ /nothing: training again, the earlier results are damaged \(no intact checkpoint in \S+nothing\/checkpoints: latest is damaged: ${weights} has \d+ bytes/
def aside = new File(results, '.replaced').listFiles().findAll { it.name.startsWith('nothing-') }
assert aside.size() == 1 && new File(aside[0], "checkpoints/latest/${weights}").isFile()
assert log.contains("nothing: earlier results moved to ${aside[0].canonicalPath}")
def again = new JsonSlurper().parse(new File(results, 'nothing/experiment.json'))
assert again.status == 'finished' && again.environment.resumedAtEpoch == -1
return true
