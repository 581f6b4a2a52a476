// An install as users get it, then moved: `cmake --install` this build (and the QML probe,
// component SocketIOQtInstallTest) into a temporary prefix, move the prefix elsewhere (another
// directory, another depth), and run from there:
//   - socketio-cli --version, then a real connection to the test server with an acked emit;
//   - socketio-mock --version (it loads libsocketioqt-test too);
//   - socketio-inspector offscreen: --help, and --screenshot of a recording (needs the platform
//     plugin "offscreen" of the system's Qt while a qt.conf sits next to it);
//   - socketioqt-qmlprobe: imports QtQuick and the installed module SocketIO, joins the server.
// Each must load the library of the moved prefix (RUNPATH $ORIGIN/..., checked with readelf -d,
// and the paths the probe finds mapped) and Qt's plugins and QML modules, through the installed
// qt.conf. With Qt < 6.8, qt.conf holds one QML import path (Qt's own): the probe then finds
// SocketIO through QML_IMPORT_PATH, and the test checks that without it QtQuick still imports.
#include "testserver.h"

#include <QtCore/qdir.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qlibraryinfo.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qsettings.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;

class tst_Install : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void runpath_data();
    void runpath();
    void qtConf();
    void cli();
    void inspector();
    void mock();
    void qmlModule();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    // Runs a program of the moved prefix with a clean library path; stdin gets `input`.
    Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
            const QStringList &extraEnv = {}, int timeoutMs = 60000);
    QString installed(const QString &relative) const { return m_prefix + u'/' + relative; }

    QTemporaryDir m_tmp;
    QString m_prefix; // the moved prefix
    TestServer m_server;
};

static bool runCommand(const QString &program, const QStringList &args, QByteArray *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    const bool ok = p.waitForFinished(300000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *output = p.readAll();
    return ok;
}

void tst_Install::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString original = m_tmp.filePath(u"original"_s);
    QByteArray out;
    for (const QStringList &extra : {QStringList(), QStringList{u"--component"_s, u"SocketIOQtInstallTest"_s}}) {
        const QStringList args = QStringList{u"--install"_s, QStringLiteral(SOCKETIOQT_BINARY_DIR), u"--prefix"_s, original} + extra;
        QVERIFY2(runCommand(QStringLiteral(CMAKE_COMMAND), args, &out), out.constData());
    }
    QVERIFY(QDir().mkpath(m_tmp.filePath(u"moved/one/level/deeper"_s)));
    m_prefix = m_tmp.filePath(u"moved/one/level/deeper/prefix"_s);
    QVERIFY(QDir().rename(original, m_prefix));
    QVERIFY(!QFileInfo::exists(original));
    qInfo("installed, then moved to %s", qPrintable(m_prefix));
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

tst_Install::Run tst_Install::run(const QString &program, const QStringList &args, const QByteArray &input,
                                  const QStringList &extraEnv, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"LD_LIBRARY_PATH"_s);
    env.remove(u"QML_IMPORT_PATH"_s);
    env.remove(u"QML2_IMPORT_PATH"_s);
    env.remove(u"QT_PLUGIN_PATH"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    for (const QString &kv : extraEnv)
        env.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(m_tmp.path()); // nowhere near the build tree
    p.start(installed(program), args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out; ";
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err += p.readAllStandardError();
    return r;
}

void tst_Install::runpath_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    const QString bin = QStringLiteral(SOCKETIOQT_BINDIR "/");
    QTest::newRow("socketio-cli") << bin + u"socketio-cli"_s << QStringLiteral(SOCKETIOQT_EXE_RUNPATH);
#ifdef SOCKETIOQT_HAVE_INSPECTOR
    QTest::newRow("socketio-inspector") << bin + u"socketio-inspector"_s << QStringLiteral(SOCKETIOQT_EXE_RUNPATH);
    QTest::newRow("socketio-load") << bin + u"socketio-load"_s << QStringLiteral(SOCKETIOQT_EXE_RUNPATH);
#endif
#ifdef SOCKETIOQT_HAVE_MOCK
    QTest::newRow("socketio-mock") << bin + u"socketio-mock"_s << QStringLiteral(SOCKETIOQT_EXE_RUNPATH);
#endif
    QTest::newRow("QML plugin") << QStringLiteral(SOCKETIOQT_QMLDIR "/SocketIO/libsocketioqmlplugin.so")
                                << QStringLiteral(SOCKETIOQT_PLUGIN_RUNPATH);
}

// The RUNPATH is relative to the file ($ORIGIN), with nothing of the build tree or the prefix.
void tst_Install::runpath()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    expected.replace(u"%ORIGIN%"_s, u"$ORIGIN"_s);
    QByteArray out;
    QVERIFY2(runCommand(u"readelf"_s, {u"-d"_s, installed(file)}, &out), out.constData());
    const QList<QByteArray> lines = out.split('\n');
    QStringList found;
    for (const QByteArray &line : lines) {
        if (line.contains("(RUNPATH)") || line.contains("(RPATH)")) {
            found.append(QString::fromUtf8(line.simplified()));
            qInfo("readelf -d %s: %s", qPrintable(file), line.simplified().constData());
        }
    }
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().contains(u"(RUNPATH)"_s), qPrintable(found.first()));
    QVERIFY2(found.first().endsWith(u"Library runpath: ["_s + expected + u']'), qPrintable(found.first()));
    // ldd resolves $ORIGIN from where the file is now: the library of the moved prefix.
    QVERIFY2(runCommand(u"ldd"_s, {installed(file)}, &out), out.constData());
    const QRegularExpression lib(u"libsocketioqt\\.so\\.\\d+ => (\\S+)"_s);
    const QRegularExpressionMatch m = lib.match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    QCOMPARE(QFileInfo(m.captured(1)).canonicalFilePath(),
             QFileInfo(installed(QStringLiteral(SOCKETIOQT_LIBDIR "/libsocketioqt.so." SOCKETIOQT_SOVERSION))).canonicalFilePath());
}

// qt.conf keeps Qt's own directories (those this test, without a qt.conf, sees) and adds the
// install's QML directory, relative, where Qt reads a list (6.8).
void tst_Install::qtConf()
{
    const QString path = installed(QStringLiteral(SOCKETIOQT_BINDIR "/qt.conf"));
    QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    QSettings conf(path, QSettings::IniFormat);
    conf.beginGroup(u"Paths"_s);
    QCOMPARE(conf.value(u"Prefix"_s).toString(), u".."_s);
    QCOMPARE(conf.value(u"Plugins"_s).toString(), QLibraryInfo::path(QLibraryInfo::PluginsPath));
    QCOMPARE(conf.value(u"Translations"_s).toString(), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    QStringList expected{QLibraryInfo::path(QLibraryInfo::QmlImportsPath)};
    if (QLibraryInfo::version() >= QVersionNumber(6, 8))
        expected.prepend(QStringLiteral(SOCKETIOQT_QMLDIR));
    QCOMPARE(conf.value(u"QmlImports"_s).toStringList(), expected);
}

void tst_Install::cli()
{
    const QString cli = QStringLiteral(SOCKETIOQT_BINDIR "/socketio-cli");
    Run r = run(cli, {u"--version"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(SOCKETIOQT_VERSION), r.out.constData());
    r = run(cli, {u"--help"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run(cli, {m_server.url().toString()}, R"({"op":"emit","event":"echo","args":["moved"],"ack":true,"tag":"t"})" "\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(R"("type":"connect")"), r.out.constData());
    QVERIFY2(r.out.contains(R"("args":["moved"])") && r.out.contains(R"("type":"ack")"), r.out.constData());
}

// socketio-mock finds libsocketioqt-test in the moved prefix.
void tst_Install::mock()
{
#ifndef SOCKETIOQT_HAVE_MOCK
    QSKIP("socketio-mock is not built (SOCKETIOQT_BUILD_TESTKIT=OFF or SOCKETIOQT_BUILD_INSPECTOR=OFF)");
#else
    const Run r = run(QStringLiteral(SOCKETIOQT_BINDIR "/socketio-mock"), {u"--version"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(SOCKETIOQT_VERSION), r.out.constData());
#endif
}

void tst_Install::inspector()
{
#ifndef SOCKETIOQT_HAVE_INSPECTOR
    QSKIP("socketio-inspector is not built (Qt Widgets missing or SOCKETIOQT_BUILD_INSPECTOR=OFF)");
#else
    const QString inspector = QStringLiteral(SOCKETIOQT_BINDIR "/socketio-inspector");
    Run r = run(inspector, {u"--help"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("--screenshot"), r.out.constData());
    // A window rendered offscreen: the platform plugin of the system's Qt, through qt.conf.
    const QString png = m_tmp.filePath(u"inspector.png"_s);
    r = run(inspector, {u"--screenshot"_s, png, u"--size"_s, u"800x600"_s,
                        QStringLiteral(SOCKETIOQT_SOURCE_DIR "/docs/images/inspector-demo.jsonl")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QFileInfo(png).size() > 1000, r.err.constData());
#endif
}

void tst_Install::qmlModule()
{
    const QString probe = QStringLiteral(SOCKETIOQT_BINDIR "/socketioqt-qmlprobe");
    // In sanitizer builds LeakSanitizer's exit-time scan crashes now and then in a Qt Quick
    // process (as tst_examples notes): leaks are the other tests' business, not this one's.
    const QString asan = qEnvironmentVariable("ASAN_OPTIONS");
    QStringList env{u"ASAN_OPTIONS="_s + (asan.isEmpty() ? u"detect_leaks=0"_s : asan + u":detect_leaks=0"_s)};
    if (QLibraryInfo::version() < QVersionNumber(6, 8)) {
        // qt.conf keeps Qt's QML directory: QtQuick imports; SocketIO needs QML_IMPORT_PATH.
        const Run quick = run(probe, {u"--quick-only"_s}, {}, env);
        QVERIFY2(quick.exitCode == 0, quick.err.constData());
        const Run without = run(probe, {m_server.url().toString()}, {}, env);
        QCOMPARE(without.exitCode, 1);
        QVERIFY2(without.err.contains("module \"SocketIO\" is not installed"), without.err.constData());
        env.append(u"QML_IMPORT_PATH="_s + installed(QStringLiteral(SOCKETIOQT_QMLDIR)));
        qInfo("Qt %s: qt.conf holds one QML import path (Qt's own); the probe gets %s",
              qVersion(), qPrintable(env.last()));
    }
    const Run r = run(probe, {m_server.url().toString()}, {}, env);
    qInfo("%s", r.out.constData());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("connected: "), r.out.constData());
    QVERIFY2(r.out.contains(R"(ack: ["from QML"])"), r.out.constData());
    // The library and the plugin that loaded are those of the moved prefix.
    const QString canonicalPrefix = QFileInfo(m_prefix).canonicalFilePath();
    int loaded = 0;
    for (const QByteArray &line : r.out.split('\n')) {
        if (!line.startsWith("loaded: "))
            continue;
        const QString file = QFileInfo(QString::fromUtf8(line.mid(8))).canonicalFilePath();
        QVERIFY2(file.startsWith(canonicalPrefix + u'/'), line.constData());
        ++loaded;
    }
    QCOMPARE(loaded, 2); // libsocketioqt.so.1 and libsocketioqmlplugin.so
}

QTEST_GUILESS_MAIN(tst_Install)
#include "tst_install.moc"
