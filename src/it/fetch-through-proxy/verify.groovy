context.get('origin')?.stop(0)
context.get('proxy')?.stop(0)

def log = new File(basedir, 'build.log').text
def url = new File(basedir, 'test.properties').readLines()
    .find { it.startsWith('vgp.dataUrl=') }.substring('vgp.dataUrl='.length())
def proxyPort = context.get('proxy').address.port

// The archive came through the proxy, which had the credentials of settings.xml and forwarded it.
assert context.get('proxyRequests') == ["GET ${url}".toString()]
assert context.get('originRequests') == ['/cifar-100-binary.tar.gz']
assert context.get('authorizations').contains('Basic ' + 'vgp-it:s3cret'.bytes.encodeBase64())

// The line that names the URL names the proxy; the password reaches no log line.
assert log =~ /downloading ${java.util.regex.Pattern.quote(url)} to \S+\.part, via proxy 127\.0\.0\.1:${proxyPort}/
assert log.contains('cifar100 (md5:')
assert !log.contains('s3cret')
return true
