#include "scenario.h"

#include "jsonfields.h"
#include "jsonlocator.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace JsonFields;

namespace {
constexpr int MaxLoopDepth = 16;
constexpr qint64 MaxUsersPerPhase = 100'000'000;

// Reads a scenario, remembering where it is for its error messages.
class ScenarioParser
{
public:
    ScenarioParser(Scenario *scenario, const QByteArray &json, const QString &fileName)
        : s(scenario), locator(json), file(fileName) {}

    bool parse(const QJsonObject &root);
    QString error;

private:
    bool fail(const QString &path, const QString &message)
    {
        error = u"%1:%2: %3%4"_s.arg(file).arg(locator.line(path)).arg(path.isEmpty() ? QString() : path + u": "_s, message);
        return false;
    }
    bool check(const QString &path, const QString &fieldError)
    {
        return fieldError.isEmpty() || fail(path, fieldError);
    }
    bool onlyKeys(const QJsonObject &object, const QString &path, const QStringList &keys);
    bool parseConnection(const QJsonObject &object);
    bool parsePhase(const QJsonValue &value, const QString &path);
    bool parseSteps(const QJsonValue &value, const QString &path, int depth);
    bool parseStep(const QJsonValue &value, const QString &path, int depth);
    bool parseArgs(const QJsonObject &object, const QString &path, Scenario::Step *step);

    Scenario *s;
    JsonLocator locator;
    QString file;
    QStringList namespaces; // joined by a connect step so far
};

QString at(const QString &path, QLatin1StringView key)
{
    return path.isEmpty() ? QString(key) : path + u'.' + key;
}

double number(const QJsonObject &object, QLatin1StringView key, double fallback, QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return fallback;
    if (!value.isDouble() || value.toDouble() < 0 || !std::isfinite(value.toDouble()))
        setError(error, u"\"%1\" must be a number >= 0"_s.arg(key));
    return value.toDouble();
}
} // namespace

bool ScenarioParser::onlyKeys(const QJsonObject &object, const QString &path, const QStringList &keys)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!keys.contains(it.key()))
            return fail(at(path, QLatin1StringView(it.key().toUtf8())),
                        u"unknown field (expected one of: %1)"_s.arg(keys.join(u", ")));
    }
    return true;
}

bool ScenarioParser::parse(const QJsonObject &root)
{
    if (!onlyKeys(root, {}, {u"name"_s, u"target"_s, u"connection"_s, u"phases"_s, u"maxUsers"_s,
                             u"payload"_s, u"steps"_s}))
        return false;
    QString e;
    s->name = root.value("name"_L1).toString(QFileInfo(file).baseName());
    const QString target = string(root, "target"_L1, &e);
    if (!check(u"target"_s, e))
        return false;
    s->target = QUrl(target, QUrl::StrictMode);
    static const QStringList schemes{u"http"_s, u"https"_s, u"ws"_s, u"wss"_s};
    if (!s->target.isValid() || !schemes.contains(s->target.scheme()) || s->target.host().isEmpty())
        return fail(u"target"_s, u"expected http(s)://host:port[/namespace], not \"%1\""_s.arg(target));
    if (s->target.path().size() > 1)
        s->defaultNamespace = s->target.path();
    s->maxUsers = integer(root, "maxUsers"_L1, 0, 0, &e);
    if (!check(u"maxUsers"_s, e))
        return false;

    const QJsonValue connection = root.value("connection"_L1);
    if (!connection.isUndefined() && !connection.isObject())
        return fail(u"connection"_s, u"must be an object"_s);
    if (!parseConnection(connection.toObject()))
        return false;

    const QJsonValue payload = root.value("payload"_L1);
    if (!payload.isUndefined()) {
        if (!payload.isString() || payload.toString().isEmpty())
            return fail(u"payload"_s, u"must be the name of a CSV file"_s);
        const QString csv = QFileInfo(file).dir().filePath(payload.toString());
        if (!s->variables.loadCsv(csv, &e))
            return fail(u"payload"_s, e);
    }

    const QJsonValue phases = root.value("phases"_L1);
    if (!phases.isArray() || phases.toArray().isEmpty())
        return fail(u"phases"_s, u"must be a non-empty array"_s);
    for (int i = 0; i < phases.toArray().size(); ++i) {
        if (!parsePhase(phases.toArray().at(i), u"phases[%1]"_s.arg(i)))
            return false;
    }
    const QJsonValue steps = root.value("steps"_L1);
    if (!steps.isArray() || steps.toArray().isEmpty())
        return fail(u"steps"_s, u"must be a non-empty array"_s);
    return parseSteps(steps, u"steps"_s, 0);
}

bool ScenarioParser::parseConnection(const QJsonObject &object)
{
    const QString path = u"connection"_s;
    if (!onlyKeys(object, path, {u"path"_s, u"transports"_s, u"protocol"_s, u"reconnection"_s,
                                 u"reconnectionDelay"_s, u"reconnectionDelayMax"_s, u"timeout_ms"_s,
                                 u"ack_timeout_ms"_s, u"auth"_s}))
        return false;
    Scenario::Connection &c = s->connection;
    QString e;
    if (object.contains("path"_L1))
        c.path = string(object, "path"_L1, &e);
    if (!check(at(path, "path"_L1), e))
        return false;
    if (object.contains("transports"_L1)) {
        const QJsonArray list = object.value("transports"_L1).toArray();
        c.transports.clear();
        for (const QJsonValue &t : list) {
            if (t != u"websocket"_s && t != u"polling"_s)
                return fail(at(path, "transports"_L1), u"expected an array of \"websocket\" and \"polling\""_s);
            c.transports.append(t.toString());
        }
        if (c.transports.isEmpty())
            return fail(at(path, "transports"_L1), u"expected an array of \"websocket\" and \"polling\""_s);
    }
    const QJsonValue protocol = object.value("protocol"_L1);
    if (protocol == u"auto"_s)
        c.protocol = 0;
    else if (!protocol.isUndefined() && (protocol.toInt() < 3 || protocol.toInt() > 5 || !protocol.isDouble()))
        return fail(at(path, "protocol"_L1), u"expected 3, 4, 5 or \"auto\""_s);
    else if (!protocol.isUndefined())
        c.protocol = protocol.toInt();
    c.reconnection = boolean(object, "reconnection"_L1, &e);
    if (object.contains("reconnectionDelay"_L1))
        c.reconnectionDelay = int(integer(object, "reconnectionDelay"_L1, std::nullopt, 0, &e));
    if (object.contains("reconnectionDelayMax"_L1))
        c.reconnectionDelayMax = int(integer(object, "reconnectionDelayMax"_L1, std::nullopt, 0, &e));
    c.timeoutMs = int(integer(object, "timeout_ms"_L1, c.timeoutMs, 1, &e));
    c.ackTimeoutMs = int(integer(object, "ack_timeout_ms"_L1, c.ackTimeoutMs, 0, &e));
    if (!check(path, e))
        return false;
    if (object.contains("auth"_L1)) {
        if (!object.value("auth"_L1).isObject())
            return fail(at(path, "auth"_L1), u"must be an object"_s);
        c.auth = object.value("auth"_L1).toObject().toVariantMap();
        if (!s->variables.validate(c.auth, &e))
            return fail(at(path, "auth"_L1), e);
    }
    return true;
}

bool ScenarioParser::parsePhase(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return fail(path, u"a phase must be an object"_s);
    const QJsonObject object = value.toObject();
    if (!onlyKeys(object, path, {u"name"_s, u"duration"_s, u"arrivalRate"_s, u"rampTo"_s, u"users"_s}))
        return false;
    Scenario::Phase phase;
    QString e;
    phase.name = object.value("name"_L1).toString(path);
    phase.duration = number(object, "duration"_L1, 0, &e);
    phase.users = integer(object, "users"_L1, 0, 0, &e);
    phase.arrivalRate = number(object, "arrivalRate"_L1, 0, &e);
    phase.rampTo = number(object, "rampTo"_L1, phase.arrivalRate, &e);
    if (!check(path, e))
        return false;
    if (phase.users > 0 && (object.contains("arrivalRate"_L1) || object.contains("rampTo"_L1)))
        return fail(path, u"\"users\" (fixed users) and \"arrivalRate\" do not go together"_s);
    if (phase.users == 0 && (phase.duration <= 0 || !object.contains("arrivalRate"_L1)))
        return fail(path, u"a phase needs \"users\", or \"duration\" > 0 with \"arrivalRate\""_s);
    const double total = phase.users > 0 ? double(phase.users) : (phase.arrivalRate + phase.rampTo) / 2 * phase.duration;
    if (total > double(MaxUsersPerPhase))
        return fail(path, u"more than %1 users in one phase"_s.arg(MaxUsersPerPhase));
    s->phases.append(phase);
    return true;
}

bool ScenarioParser::parseSteps(const QJsonValue &value, const QString &path, int depth)
{
    if (!value.isArray())
        return fail(path, u"must be an array of steps"_s);
    const QJsonArray list = value.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!parseStep(list.at(i), u"%1[%2]"_s.arg(path).arg(i), depth))
            return false;
    }
    return true;
}

bool ScenarioParser::parseArgs(const QJsonObject &object, const QString &path, Scenario::Step *step)
{
    QString e;
    const QVariantList args = arguments(object, "args"_L1, &e);
    if (!check(at(path, "args"_L1), e))
        return false;
    if (!s->variables.validate(args, &e))
        return fail(at(path, "args"_L1), e);
    step->args = args;
    step->templated = ScenarioVariables::hasPlaceholders(step->args);
    return true;
}

bool ScenarioParser::parseStep(const QJsonValue &value, const QString &path, int depth)
{
    if (!value.isObject())
        return fail(path, u"a step must be an object"_s);
    const QJsonObject object = value.toObject();
    const QString op = object.value("op"_L1).toString();
    static const QHash<QString, QStringList> keys{
        {u"connect"_s, {u"nsp"_s, u"auth"_s}},
        {u"emit"_s, {u"nsp"_s, u"event"_s, u"args"_s, u"ack"_s, u"timeout_ms"_s}},
        {u"wait"_s, {u"nsp"_s, u"event"_s, u"count"_s, u"timeout_ms"_s}},
        {u"sleep"_s, {u"ms"_s, u"max_ms"_s}},
        {u"loop"_s, {u"count"_s, u"steps"_s}},
        {u"disconnect"_s, {u"nsp"_s}},
    };
    if (!keys.contains(op))
        return fail(at(path, "op"_L1), u"expected one of: connect, emit, wait, sleep, loop, disconnect"_s);
    if (!onlyKeys(object, path, QStringList{u"op"_s} + keys.value(op)))
        return false;

    Scenario::Step step;
    QString e;
    if (object.contains("nsp"_L1) && !object.value("nsp"_L1).toString().isEmpty())
        step.nsp = namespaceName(object.value("nsp"_L1).toString());
    else if (object.contains("nsp"_L1))
        return fail(at(path, "nsp"_L1), u"must be a non-empty string"_s);
    else
        step.nsp = namespaces.isEmpty() ? s->defaultNamespace : namespaces.last();

    if (op == "connect"_L1) {
        step.op = Scenario::Step::Connect;
        if (object.contains("auth"_L1)) {
            if (!object.value("auth"_L1).isObject())
                return fail(at(path, "auth"_L1), u"must be an object"_s);
            step.auth = object.value("auth"_L1).toObject().toVariantMap();
            if (!s->variables.validate(*step.auth, &e))
                return fail(at(path, "auth"_L1), e);
        }
        if (!namespaces.contains(step.nsp))
            namespaces.append(step.nsp);
    } else if (op == "emit"_L1 || op == "wait"_L1) {
        step.op = op == "emit"_L1 ? Scenario::Step::Emit : Scenario::Step::Wait;
        step.event = string(object, "event"_L1, &e);
        if (!check(at(path, "event"_L1), e))
            return false;
        step.ack = boolean(object, "ack"_L1, &e);
        if (!check(at(path, "ack"_L1), e))
            return false;
        step.count = integer(object, "count"_L1, 1, 1, &e);
        if (!check(at(path, "count"_L1), e))
            return false;
        step.timeoutMs = integer(object, "timeout_ms"_L1, 0, 0, &e);
        if (!check(at(path, "timeout_ms"_L1), e))
            return false;
        if (step.op == Scenario::Step::Emit && !parseArgs(object, path, &step))
            return false;
        if (namespaces.isEmpty() || !namespaces.contains(step.nsp))
            return fail(path, u"namespace %1 is not connected by an earlier connect step"_s.arg(step.nsp));
    } else if (op == "sleep"_L1) {
        step.op = Scenario::Step::Sleep;
        step.ms = integer(object, "ms"_L1, std::nullopt, 0, &e);
        if (!check(at(path, "ms"_L1), e))
            return false;
        step.maxMs = integer(object, "max_ms"_L1, step.ms, step.ms, &e);
        if (!check(at(path, "max_ms"_L1), e))
            return false;
    } else if (op == "disconnect"_L1) {
        step.op = Scenario::Step::Disconnect;
        if (!namespaces.contains(step.nsp))
            return fail(path, u"namespace %1 is not connected by an earlier connect step"_s.arg(step.nsp));
    } else { // loop
        if (depth >= MaxLoopDepth)
            return fail(path, u"loops nest at most %1 deep"_s.arg(MaxLoopDepth));
        step.op = Scenario::Step::Loop;
        step.count = integer(object, "count"_L1, std::nullopt, 1, &e);
        if (!check(at(path, "count"_L1), e))
            return false;
        const QJsonValue body = object.value("steps"_L1);
        if (!body.isArray() || body.toArray().isEmpty())
            return fail(at(path, "steps"_L1), u"must be a non-empty array of steps"_s);
        const int loopIndex = int(s->steps.size());
        s->steps.append(step);
        if (!parseSteps(body, at(path, "steps"_L1), depth + 1))
            return false;
        Scenario::Step end;
        end.op = Scenario::Step::EndLoop;
        end.jump = loopIndex;
        s->steps.append(end);
        s->steps[loopIndex].jump = int(s->steps.size());
        return true;
    }
    s->steps.append(step);
    return true;
}

bool Scenario::load(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(fileName, file.errorString());
        return false;
    }
    return parse(file.readAll(), fileName, error);
}

bool Scenario::parse(const QByteArray &json, const QString &fileName, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = JsonLocator::position(json, parseError.offset);
        *error = u"%1:%2:%3: invalid JSON: %4"_s.arg(fileName).arg(line).arg(column).arg(parseError.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = u"%1:1: a scenario must be a JSON object"_s.arg(fileName);
        return false;
    }
    *this = Scenario();
    ScenarioParser parser(this, json, fileName);
    if (!parser.parse(doc.object())) {
        *error = parser.error;
        return false;
    }
    return true;
}

QList<qint64> Scenario::arrivals() const
{
    QList<qint64> times;
    double start = 0; // of the phase, in seconds
    for (const Phase &phase : phases) {
        if (phase.users > 0) {
            for (qint64 k = 0; k < phase.users; ++k)
                times.append(qint64((start + phase.duration * double(k) / double(phase.users)) * 1000));
        } else {
            // Arrivals so far at t: A(t) = r0 t + (r1 - r0) t^2 / (2 D); the k-th user comes when A(t) = k.
            const double r0 = phase.arrivalRate, r1 = phase.rampTo, d = phase.duration;
            const double a = (r1 - r0) / (2 * d);
            const double total = r0 * d + a * d * d;
            for (qint64 k = 0; double(k) < total - 1e-9; ++k) {
                const double t = std::abs(a) < 1e-12 ? double(k) / r0
                                                     : (-r0 + std::sqrt(r0 * r0 + 4 * a * double(k))) / (2 * a);
                times.append(qint64((start + t) * 1000));
            }
        }
        start += phase.duration;
    }
    return times;
}

qint64 Scenario::lastPhaseEndMs() const
{
    double total = 0;
    for (const Phase &phase : phases)
        total += phase.duration;
    return qint64(total * 1000);
}
