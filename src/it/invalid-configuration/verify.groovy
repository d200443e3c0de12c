def log = new File(basedir, 'build.log').text
def expected = [
    "experiment 'vgg16': model 'vgg16' is unknown: use one of vgg08, vgg38",
    "experiment 'negative-lr': batchNorm 'sometimes' is unknown: use one of none,"
        + " processing-blocks, all-block-convs, all",
    "experiment 'negative-lr': learningRate must be more than 0, was -0.001",
    "experiment 'negative-lr': <weightDecy> is not a setting; did you mean <weightDecay>?",
    "experiment 'vgg16': id 'vgg16' is declared more than once",
    "experiment #4: id is missing",
    "experiment #4: batchSize 100 is larger than trainLimit 50",
    "vgp.experiments names 'vgg19', which is not declared",
]
assert log.contains('problems in the declared experiments, nothing was trained:')
// the second build, vgp:status with -D values that do not read as numbers or switches
assert log.contains("vgp.seeds 'x' is not a whole number; vgp.skip 'maybe' must be true or false")
expected.each { assert log.contains(it) : "not reported: ${it}" }
assert !log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/vgp').exists()
assert !new File(basedir, 'target/data-cache').exists()
return true
