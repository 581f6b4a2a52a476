#pragma once

// Types shared by the API tests: a gadget, a nested gadget and an enumeration.
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace ApiTest {
Q_NAMESPACE

enum class Color { Red, Green, Blue };
Q_ENUM_NS(Color)

} // namespace ApiTest

struct Point
{
    Q_GADGET
    Q_PROPERTY(int x MEMBER x)
    Q_PROPERTY(int y MEMBER y)
    Q_PROPERTY(QString label MEMBER label)
public:
    int x = 0;
    int y = 0;
    QString label;
    friend bool operator==(const Point &a, const Point &b)
    {
        return a.x == b.x && a.y == b.y && a.label == b.label;
    }
    friend bool operator!=(const Point &a, const Point &b) { return !(a == b); }
};

struct Path
{
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(Point start MEMBER start)
    Q_PROPERTY(QList<Point> points MEMBER points)
    Q_PROPERTY(ApiTest::Color color MEMBER color)
public:
    QString name;
    Point start;
    QList<Point> points;
    ApiTest::Color color = ApiTest::Color::Red;
    friend bool operator==(const Path &a, const Path &b)
    {
        return a.name == b.name && a.start == b.start && a.points == b.points && a.color == b.color;
    }
    friend bool operator!=(const Path &a, const Path &b) { return !(a == b); }
};
