# Doxygen input filter (Doxyfile FILTER_PATTERNS): blanks the Q_PROPERTY lines of the C++ classes.
s/^[[:space:]]*Q_PROPERTY(.*$//
