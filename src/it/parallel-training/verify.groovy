import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def runs = log.split(/\[INFO\] Scanning for projects/)
assert runs.length == 3 : 'expected two invocations'
def (refused, parallel) = [runs[1], runs[2]]

// 1: the value is checked before anything trains
assert refused.contains('vgp.parallel must be at least 0, was -1')
assert !refused.contains('training, no earlier results')

// 2: both experiments finished, each in a process of its own
assert parallel.contains('BUILD SUCCESS')
def pids = ['first', 'second'].collect { id ->
  def record = new JsonSlurper().parse(new File(basedir, "target/vgp/${id}/experiment.json"))
  assert record.status == 'finished' : id
  def header = new File(basedir, "target/vgp/${id}/train.log").readLines()[0]
  (header =~ / pid (\d+): train /)[0][1]
}
assert pids[0] != pids[1] : "one process trained both: ${pids}"

// every epoch line of a training process is whole and tagged with its experiment
def lines = parallel.readLines()
['first', 'second'].each { id ->
  (1..2).each { epoch ->
    def done = lines.findAll { it.startsWith("[INFO] [${id}] epoch ${epoch}/2 done: ") }
    assert done.size() == 1 : "${id} epoch ${epoch}: ${done}"
    assert done[0] ==~ /\[INFO\] \[\w+\] epoch \d\/2 done: train loss \S+, accuracy \S+; validation loss \S+, accuracy \S+; lr \S+; \S+ s, \d+ images\/s; .* left/ : done[0]
  }
  assert lines.contains("[INFO] [${id}] ${id}: training, no earlier results".toString()) : id
}
assert !lines.any { it =~ /^\[INFO\] epoch \d/ } : 'an untagged epoch line'
return true
