#pragma once
// core: formatting for messages: numbers (short, locale-independent) and file paths.
#include <cstdio>
#include <filesystem>
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

/// A path for an error message: 'h.txt' (that is /home/me/run/h.txt) when relative, so that
/// the reader sees which directory it was looked for in.
inline std::string describe_path(const std::string& path) {
    std::string text = "'" + path + "'";
    if (!path.empty() && std::filesystem::path(path).is_relative())
        text += " (that is " + (std::filesystem::current_path() / path).lexically_normal().string() +
                ")";
    return text;
}

} // namespace qrem
