#pragma once

class SocketIO;

// Runs the README's "Qt-native API" snippets (readme_snippets.cpp) on io.
void readmeSnippets(SocketIO &io);
