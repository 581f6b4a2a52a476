// Compiled by check_compile_fail.cmake. Test typedHandlerMismatchIsCompileError: a typed handler
// whose parameters Conversion cannot produce must not compile. Test
// typedEventsWithoutHeaderIsCompileError: typed handlers and emits without <SocketIOQt/TypedEvents>
// must not compile. With -DEXPECT_OK the same file with convertible parameters and the header
// must compile (so that a broken setup does not pass the tests).
#include <SocketIOQt/namespace.h>
#if !defined(CASE_NO_HEADER_EMIT) && !defined(CASE_NO_HEADER_HANDLER) && !defined(CASE_NO_HEADER_ACK)
#include <SocketIOQt/typedevents.h>
#endif

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
    ns->emitEvent(QStringLiteral("ok"), 1, QStringLiteral("two"));
    ns->emitWithAck(QStringLiteral("ok"), QStringLiteral("x"));
#elif defined(CASE_QOBJECT)
    ns->on(QStringLiteral("bad"), [](const QString &, QObject *) {});
#elif defined(CASE_STRUCT)
    ns->on(QStringLiteral("bad"), [](const NotAGadget &) {});
#elif defined(CASE_ACK)
    ns->emitEvent(QStringLiteral("bad"), 1, [](const QList<NotAGadget> &) {});
#elif defined(CASE_NO_HEADER_EMIT)
    ns->emitEvent(QStringLiteral("typed"), 1, QStringLiteral("two"));
#elif defined(CASE_NO_HEADER_HANDLER)
    ns->on(QStringLiteral("typed"), [](const QString &, int) {});
#elif defined(CASE_NO_HEADER_ACK)
    ns->emitWithAck(QStringLiteral("typed"), QStringLiteral("x"));
#else
#error "define EXPECT_OK or a CASE_"
#endif
}
