#ifndef RECENTCONNECTIONS_H
#define RECENTCONNECTIONS_H

#include "connectionsettings.h"

// The connections used last, newest first, kept with QSettings.
class RecentConnections
{
public:
    static constexpr int MaxEntries = 12;

    static QList<ConnectionSettings> load();
    static void remember(const ConnectionSettings &settings); // moves it to the front
    static void clear();
};

#endif // RECENTCONNECTIONS_H
