#ifndef MESSAGES_H
#define MESSAGES_H

// The demo server's messages as plain Qt types: ObjectBinding converts event arguments
// (JSON objects) into these gadgets by property name.
#include <QMetaType>
#include <QString>
#include <QStringList>

struct ChatLine // "chat message" {user, text, time}
{
    Q_GADGET
    Q_PROPERTY(QString user MEMBER user)
    Q_PROPERTY(QString text MEMBER text)
    Q_PROPERTY(double time MEMBER time)
public:
    QString user;
    QString text;
    double time = 0;
};

struct UserInfo // "user joined", "user left", "typing" {user}
{
    Q_GADGET
    Q_PROPERTY(QString user MEMBER user)
public:
    QString user;
};

struct Welcome // "welcome" {message, id}
{
    Q_GADGET
    Q_PROPERTY(QString message MEMBER message)
    Q_PROPERTY(QString id MEMBER id)
public:
    QString message;
    QString id;
};

struct JoinReply // the ack of "join": {ok, users}
{
    Q_GADGET
    Q_PROPERTY(bool ok MEMBER ok)
    Q_PROPERTY(QStringList users MEMBER users)
public:
    bool ok = false;
    QStringList users;
};

struct UploadReply // the ack of "upload": {bytes, sha1}
{
    Q_GADGET
    Q_PROPERTY(int bytes MEMBER bytes)
    Q_PROPERTY(QString sha1 MEMBER sha1)
public:
    int bytes = 0;
    QString sha1;
};

#endif // MESSAGES_H
