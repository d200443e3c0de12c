def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] BUILD SUCCESS/)
assert runs.length == 2 : 'expected the first invocation to succeed'
def (first, second) = [runs[0], runs[1]]

def pdf = new File(basedir, 'target/vgp-report/report.pdf')
assert first.contains("PDF: ${pdf}")
assert pdf.bytes.length > 10_000 && new String(pdf.bytes, 0, 4, 'ISO-8859-1') == '%PDF'

assert second.contains('report.tex needs nonexistentpkg.sty, which is not installed: on Debian'
    + ' find the package that provides it with `apt-file search /nonexistentpkg.sty`')
assert second.contains('BUILD FAILURE')
def own = new File(basedir, 'target/vgp-report-own')
assert new File(own, 'report.tex').isFile() && !new File(own, 'report.pdf').exists()
return true
