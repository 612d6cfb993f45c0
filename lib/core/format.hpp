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

} // namespace qrem
