import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /resumed: resuming, an interrupted run with fingerprint [0-9a-f]{12} is continued/
assert log.contains('resuming VGG08 after epoch 0')

def results = new File(basedir, 'target/vgp/resumed')
def summary = new File(results, 'summary.csv').readLines()
def interrupted = new File(basedir, 'interrupted-summary.csv').readLines()
assert interrupted.size() == 2 && summary.size() == 4
assert summary[1] == interrupted[1] : 'epoch 0 must be kept, not trained again'
assert summary[1..3].collect { it.split(',')[0] } == ['0', '1', '2']

def record = new JsonSlurper().parse(new File(results, 'experiment.json'))
assert record.status == 'finished'
assert record.environment.resumedAtEpoch == 1
assert record.environment.resumedAt > record.environment.startedAt
assert new File(results, 'test_summary.csv').isFile()
return true
