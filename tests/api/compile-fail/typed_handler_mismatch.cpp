// Compiled by check_compile_fail.cmake (test typedHandlerMismatchIsCompileError): a typed handler
// whose parameters Conversion cannot produce must not compile. With -DEXPECT_OK the same file
// with convertible parameters must compile (so that a broken setup does not pass the test).
#include <SocketIOQt/namespace.h>

#include <QtCore/qobject.h>

namespace {
struct NotAGadget // no Q_GADGET, not registered: nothing converts into it
{
    int x = 0;
};
} // namespace

void handlers(SocketIOQt::Namespace *ns)
{
#if defined(EXPECT_OK)
    ns->on(QStringLiteral("ok"), [](const QString &, int, const QVariantMap &, std::optional<double>) {});
    ns->emitEvent(QStringLiteral("ok"), QVariantList{}, [](const QStringList &) {});
#elif defined(CASE_QOBJECT)
    ns->on(QStringLiteral("bad"), [](const QString &, QObject *) {});
#elif defined(CASE_STRUCT)
    ns->on(QStringLiteral("bad"), [](const NotAGadget &) {});
#elif defined(CASE_ACK)
    ns->emitEvent(QStringLiteral("bad"), 1, [](const QList<NotAGadget> &) {});
#else
#error "define EXPECT_OK or a CASE_"
#endif
}
