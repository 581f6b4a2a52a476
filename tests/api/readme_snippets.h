#pragma once

namespace SocketIOQt { class SocketIO; }

// Runs the README's "Qt-native API" snippets (readme_snippets.cpp) on io.
void readmeSnippets(SocketIOQt::SocketIO &io);
