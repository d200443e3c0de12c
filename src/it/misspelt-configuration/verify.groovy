def log = new File(basedir, 'build.log').text
assert log.contains('<default> in the configuration of vgp-maven-plugin is not a vgp parameter;'
    + ' did you mean <defaults>?')
assert log.contains('<outputDirectry> in the configuration of vgp-maven-plugin is not a vgp'
    + ' parameter; did you mean <outputDirectory>?')
assert !log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/vgp').exists()
assert !new File(basedir, 'target/data-cache').exists()
return true
