import groovy.json.JsonSlurper

def record = new JsonSlurper().parse(new File(basedir, 'target/vgp/fashion-vgg08/experiment.json'))
assert record.status == 'finished'
assert record.dataset == 'fashion-mnist'
assert record.dataChecksum ==
    'sha256:14410854cf7a289477dcfc7df3f8ec24741e281cdcc425ede0d9a748ca630214'
assert record.model.inputChannels == 1 && record.model.numClasses == 10
assert record.model.imageSize == 32
assert new File(basedir, 'target/vgp/fashion-vgg08/summary.csv').readLines().size() == 2
return true
