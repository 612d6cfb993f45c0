#pragma once
// core: number formatting for messages (short, locale-independent).
#include <cstdio>
#include <string>

namespace qrem {

/// %.{digits}g formatting, e.g. sci(0.000123) == "0.000123", sci(1e-13) == "1e-13".
inline std::string sci(double x, int digits = 3) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
    return buffer;
}

/// printf-style formatting of one number, e.g. format_number("%.3e", x).
inline std::string format_number(const char* format, double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, x);
    return buffer;
}

} // namespace qrem
