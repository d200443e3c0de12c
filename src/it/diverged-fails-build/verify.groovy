import groovy.json.JsonSlurper

// Both invocations append to build.log.
def log = new File(basedir, 'build.log').text
assert log =~ /exploding diverged in epoch 0 at step \d+: loss \S+, the gradient first became non-finite in (input_conv|reduction_block|logit)\w*/
assert log.contains('Lower its learningRate (1000000)')
assert log.contains('vgp.failOnDivergence is false: going on with the other experiments')
assert log.contains('exploding: training again, the earlier run diverged (in epoch 0 at step')

def record = { id -> new JsonSlurper().parse(new File(basedir, "target/vgp/${id}/experiment.json")) }
assert record('exploding').status == 'diverged'
assert record('exploding').environment.divergedAt.startsWith('in epoch 0 at step')
assert record('sane').status == 'finished'
assert new File(basedir, 'target/vgp/exploding/summary.csv').readLines().size() == 2
assert new File(basedir, 'target/vgp/.replaced').listFiles().any { it.name.startsWith('exploding-') }

def html = new File(basedir, 'target/vgp-report/index.html').text
assert html.contains('diverged in epoch 0 at step')
def bestModel = html.substring(html.indexOf('<figure id="figure-4">'))
assert !bestModel.substring(0, bestModel.indexOf('</figure>')).contains('exploding')
return true
