#ifndef CERTIFICATEAUTHORITY_H
#define CERTIFICATEAUTHORITY_H

#include <QtCore/qstring.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslkey.h>

#include <memory>

// The local certificate authority of the capturing proxy's TLS listener. It is created once
// (an EC P-256 key and a self-signed CA certificate, valid ten years) in a folder of the user's
// configuration, and reloaded from there afterwards, so that a client told to trust it once
// keeps trusting it. It issues a certificate per host name or IP address on the fly, cached.
//
// Qt has no API that makes certificates: this is the one place that uses OpenSSL's libcrypto
// directly (the library itself does not). Only the inspector links it.
class CertificateAuthority
{
public:
    CertificateAuthority();
    ~CertificateAuthority();
    CertificateAuthority(const CertificateAuthority &) = delete;
    CertificateAuthority &operator=(const CertificateAuthority &) = delete;

    // <configuration folder>/socketio-inspector/capture-ca (XDG_CONFIG_HOME on Linux).
    static QString defaultDirectory();
    // The authority of the application, loaded (or created) in defaultDirectory() when first
    // used, not before.
    static CertificateAuthority *shared();

    // Loads the authority from `directory` (ca.pem, ca-key.pem), or creates it there when
    // neither file exists. A damaged pair is an error, never silently replaced: clients may
    // trust the old certificate.
    bool load(const QString &directory);
    bool isValid() const;
    QString errorString() const;
    QString directory() const;
    QSslCertificate certificate() const;

    // A certificate for `host` (a DNS name or an IP address) signed by this authority, valid
    // for a year, and its key. False (see errorString()) for a name that is not a host name.
    bool issue(const QString &host, QSslCertificate *certificate, QSslKey *key);

    // Writes the CA certificate (PEM) to `path`.
    bool exportCertificate(const QString &path, QString *error) const;
    // How to make clients trust an exported certificate at `path`, as plain text.
    static QString trustInstructions(const QString &path);

private:
    void ensureLoaded() const;

    struct Private;
    std::unique_ptr<Private> d;
};

#endif // CERTIFICATEAUTHORITY_H
