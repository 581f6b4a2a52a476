#include "certificateauthority.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qhash.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qsysinfo.h>
#include <QtNetwork/qhostaddress.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace {
struct OpenSslFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(X509 *cert) const { X509_free(cert); }
    void operator()(BIO *bio) const { BIO_free(bio); }
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
using Key = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using Cert = std::unique_ptr<X509, OpenSslFree>;
using Bio = std::unique_ptr<BIO, OpenSslFree>;

constexpr long Day = 24 * 60 * 60;
constexpr qsizetype MaxCachedHosts = 256; // a client can name any host: the cache starts over past it

QString lastOpenSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return u"unknown OpenSSL error"_s;
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

QByteArray toPem(X509 *cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_X509(bio.get(), cert))
        return {};
    return bioBytes(bio.get());
}

QByteArray toPem(EVP_PKEY *key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return bioBytes(bio.get());
}

bool addExtension(X509 *cert, X509V3_CTX *ctx, int nid, const QByteArray &value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A new certificate for `key`, named `commonName`, issued by `issuer` (itself when null) and
// signed with `issuerKey`, with the given extensions (NID, value).
Cert makeCertificate(EVP_PKEY *key, const QByteArray &commonName, X509 *issuer, EVP_PKEY *issuerKey, long days,
                     const QList<std::pair<int, QByteArray>> &extensions)
{
    Cert cert(X509_new());
    std::unique_ptr<BIGNUM, OpenSslFree> serial(BN_new());
    if (!cert || !serial || !X509_set_version(cert.get(), 2)
        || !BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY)
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))
        // An hour back: a client whose clock is a little behind still accepts it.
        || !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * Day) || !X509_set_pubkey(cert.get(), key)) {
        return nullptr;
    }
    X509_NAME *name = X509_get_subject_name(cert.get());
    const auto add = [name](const char *field, const QByteArray &value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                          reinterpret_cast<const unsigned char *>(value.constData()), -1, -1, 0);
    };
    if (!add("O", "SocketIOQt inspector") || !add("CN", commonName.left(64)))
        return nullptr;
    if (!X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name))
        return nullptr;
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : extensions) {
        if (!addExtension(cert.get(), &ctx, nid, value))
            return nullptr;
    }
    if (!X509_sign(cert.get(), issuerKey, EVP_sha256()))
        return nullptr;
    return cert;
}

// Host names as TLS clients send them (SNI): letters, digits, hyphens and dots.
bool isHostName(const QString &host)
{
    if (host.isEmpty() || host.size() > 253 || host.startsWith(u'.') || host.contains(u".."_s))
        return false;
    for (QChar c : host) {
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'-' && c != u'.')
            return false;
    }
    return true;
}
} // namespace

struct CertificateAuthority::Private
{
    QString directory;
    bool loaded = false; // shared() loads on first use: a proxy that sees no TLS client makes no files
    QString error;
    Key key;
    Cert cert;
    QSslCertificate certificate;
    Key leafKey; // one key for every issued certificate: making keys is the slow part
    QSslKey leafSslKey;
    QHash<QString, QSslCertificate> issued;

    bool create(const QString &certPath, const QString &keyPath);
    bool read(const QString &certPath, const QString &keyPath);
    bool fail(const QString &message)
    {
        error = message;
        key.reset();
        cert.reset();
        certificate = QSslCertificate();
        return false;
    }
};

CertificateAuthority::CertificateAuthority() : d(std::make_unique<Private>()) { }

CertificateAuthority::~CertificateAuthority() = default;

QString CertificateAuthority::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/capture-ca"_s;
}

CertificateAuthority *CertificateAuthority::shared()
{
    static CertificateAuthority authority;
    if (authority.d->directory.isEmpty())
        authority.d->directory = defaultDirectory();
    return &authority;
}

void CertificateAuthority::ensureLoaded() const
{
    if (!d->loaded && !d->directory.isEmpty())
        const_cast<CertificateAuthority *>(this)->load(d->directory);
}

bool CertificateAuthority::load(const QString &directory)
{
    d->directory = directory;
    d->loaded = true;
    d->issued.clear();
    const QString certPath = directory + u"/ca.pem"_s;
    const QString keyPath = directory + u"/ca-key.pem"_s;
    const bool haveCert = QFile::exists(certPath), haveKey = QFile::exists(keyPath);
    if (!haveCert && !haveKey)
        return d->create(certPath, keyPath);
    if (haveCert != haveKey)
        return d->fail(u"%1 holds only half of the certificate authority (ca.pem and ca-key.pem go together); "
                       "move the folder away to make a new one"_s.arg(QDir::toNativeSeparators(directory)));
    return d->read(certPath, keyPath);
}

bool CertificateAuthority::Private::create(const QString &certPath, const QString &keyPath)
{
    if (!QDir().mkpath(directory))
        return fail(u"cannot create %1"_s.arg(QDir::toNativeSeparators(directory)));
    key.reset(EVP_EC_gen("P-256"));
    if (!key)
        return fail(lastOpenSslError());
    const QByteArray name = "SocketIOQt inspector capture CA (" + QSysInfo::machineHostName().toUtf8().left(30) + ")";
    cert = makeCertificate(key.get(), name, nullptr, key.get(), 3650,
                           {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                            {NID_key_usage, "critical,keyCertSign,cRLSign"},
                            {NID_subject_key_identifier, "hash"},
                            {NID_authority_key_identifier, "keyid:always"}});
    if (!cert)
        return fail(lastOpenSslError());
    // The key first, readable by the user alone, and never overwritten (NewOnly).
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFile::ReadOwner | QFile::WriteOwner)
        || keyFile.write(toPem(key.get())) <= 0 || !keyFile.flush())
        return fail(u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(keyPath), keyFile.errorString()));
    QFile certFile(certPath);
    if (!certFile.open(QIODevice::WriteOnly | QIODevice::NewOnly) || certFile.write(toPem(cert.get())) <= 0
        || !certFile.flush())
        return fail(u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(certPath), certFile.errorString()));
    certificate = QSslCertificate(toPem(cert.get()));
    error.clear();
    return true;
}

bool CertificateAuthority::Private::read(const QString &certPath, const QString &keyPath)
{
    QFile certFile(certPath), keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return fail(u"cannot read the certificate authority in %1"_s.arg(QDir::toNativeSeparators(directory)));
    const QByteArray certPem = certFile.read(64 * 1024), keyPem = keyFile.read(64 * 1024);
    Bio certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
    Bio keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    cert.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    key.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!cert || !key || X509_check_private_key(cert.get(), key.get()) != 1)
        return fail(u"the certificate authority in %1 is damaged (%2); move the folder away to make a new one"_s.arg(
                QDir::toNativeSeparators(directory), lastOpenSslError()));
    certificate = QSslCertificate(certPem);
    error.clear();
    return true;
}

bool CertificateAuthority::isValid() const
{
    ensureLoaded();
    return d->cert != nullptr;
}

QString CertificateAuthority::errorString() const
{
    ensureLoaded();
    return d->error;
}

QString CertificateAuthority::directory() const
{
    return d->directory;
}

QSslCertificate CertificateAuthority::certificate() const
{
    ensureLoaded();
    return d->certificate;
}

bool CertificateAuthority::issue(const QString &host, QSslCertificate *certificate, QSslKey *key)
{
    if (!isValid()) {
        d->error = d->error.isEmpty() ? u"no certificate authority"_s : d->error;
        return false;
    }
    const QHostAddress address(host);
    const bool isAddress = !address.isNull();
    if (!isAddress && !isHostName(host)) {
        d->error = u"\"%1\" is not a host name"_s.arg(host.left(64));
        return false;
    }
    if (!d->leafKey) {
        d->leafKey.reset(EVP_EC_gen("P-256"));
        if (!d->leafKey) {
            d->error = lastOpenSslError();
            return false;
        }
        d->leafSslKey = QSslKey(toPem(d->leafKey.get()), QSsl::Ec);
    }
    const QString name = isAddress ? address.toString() : host.toLower();
    auto it = d->issued.constFind(name);
    if (it == d->issued.constEnd()) {
        const QByteArray altName = (isAddress ? "IP:" : "DNS:") + name.toLatin1();
        // 397 days: the longest validity browsers accept for a server certificate.
        const Cert leaf = makeCertificate(d->leafKey.get(), name.toLatin1(), d->cert.get(), d->key.get(), 397,
                                          {{NID_basic_constraints, "critical,CA:FALSE"},
                                           {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                           {NID_ext_key_usage, "serverAuth"},
                                           {NID_subject_alt_name, altName},
                                           {NID_subject_key_identifier, "hash"},
                                           {NID_authority_key_identifier, "keyid:always"}});
        if (!leaf) {
            d->error = lastOpenSslError();
            return false;
        }
        if (d->issued.size() >= MaxCachedHosts)
            d->issued.clear();
        it = d->issued.insert(name, QSslCertificate(toPem(leaf.get())));
    }
    *certificate = *it;
    *key = d->leafSslKey;
    return true;
}

bool CertificateAuthority::exportCertificate(const QString &path, QString *error) const
{
    if (!isValid()) {
        *error = d->error;
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(d->certificate.toPem()) <= 0) {
        *error = u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QString CertificateAuthority::trustInstructions(const QString &path)
{
    const QString file = QDir::toNativeSeparators(path);
    return u"To capture a TLS client, make it trust %1 (the inspector's own certificate authority; "
           "keep it to this machine):\n"
           "- SocketIOQt: QSslConfiguration::addCaCertificates(\"%1\") with SocketIO::setSslConfiguration(), "
           "or socketio-cli --ca %1\n"
           "- Node.js (socket.io-client): NODE_EXTRA_CA_CERTS=%1 node app.js\n"
           "- Debian and Ubuntu, system-wide: cp %1 /usr/local/share/ca-certificates/socketio-inspector.crt && "
           "update-ca-certificates\n"
           "- Chrome and Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n socketio-inspector -i %1\n"
           "- Firefox: Settings, Certificates, View Certificates, Authorities, Import\n"
           "Then point the client at https://localhost:<proxy port> (or the proxy's address)."_s.arg(file);
}
