#ifndef SCENARIO_H
#define SCENARIO_H

#include "scenariovariables.h"

#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>
#include <QtCore/qvariant.h>

#include <optional>

// A load test read from a JSON file: the target, how each user connects, the phases that
// bring users in, and the steps every user runs. The steps are socketio-cli's operations
// (connect, emit with or without "ack", wait, sleep, disconnect) plus "loop". See the
// README's "Load testing" section for the format.
class Scenario
{
public:
    // One step, with loops flattened: Loop jumps past EndLoop when done, EndLoop back to
    // the step after its Loop.
    struct Step {
        enum Op { Connect, Emit, Wait, Sleep, Loop, EndLoop, Disconnect };
        Op op = Emit;
        QString nsp;
        QString event;
        QVariant args;            // a QVariantList, with placeholders when `templated`
        bool templated = false;
        bool ack = false;
        std::optional<QVariantMap> auth;
        qint64 timeoutMs = 0;     // emit with ack, wait, connect; 0: the defaults
        qint64 count = 1;         // wait: events; loop: iterations
        qint64 ms = 0;            // sleep: think time, uniform in [ms, maxMs]
        qint64 maxMs = 0;
        int jump = -1;            // Loop: index after its EndLoop; EndLoop: its Loop
    };

    // Users arriving at `arrivalRate` per second, ramping linearly to `rampTo` over `duration`
    // seconds; or, when `users` > 0, that many users spread over `duration` (0: at once).
    struct Phase {
        QString name;
        double duration = 0;
        double arrivalRate = 0;
        double rampTo = 0;
        qint64 users = 0;
    };

    struct Connection {
        QString path;             // empty: the library's default
        QStringList transports{QStringLiteral("websocket")};
        int protocol = 5;         // 3, 4, 5; 0: auto
        bool reconnection = false;
        std::optional<int> reconnectionDelay;
        std::optional<int> reconnectionDelayMax;
        int timeoutMs = 20000;    // connect timeout
        int ackTimeoutMs = 10000;
        QVariantMap auth;
    };

    // False with "FILE:LINE: FIELD: problem" (or "FILE:LINE:COLUMN: ..." for bad JSON) in `error`.
    bool load(const QString &fileName, QString *error);
    bool parse(const QByteArray &json, const QString &fileName, QString *error);

    // The arrival times of all users in milliseconds from the start, in user index order: the
    // same list in every shard and thread, which then take their share of it.
    QList<qint64> arrivals() const;
    qint64 lastPhaseEndMs() const;

    QString name;
    QUrl target;
    Connection connection;
    QList<Phase> phases;
    qint64 maxUsers = 0;          // concurrent users; 0: no limit
    QList<Step> steps;
    ScenarioVariables variables;
    QString defaultNamespace = QStringLiteral("/");
};

#endif // SCENARIO_H
