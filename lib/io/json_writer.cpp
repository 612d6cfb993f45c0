#include "io/json_writer.hpp"

#include "io/csv_table.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace qrem {
namespace {

void escape_to(std::string& out, const std::string& s) {
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

Json::Json(const std::vector<double>& xs) : value_(Array(xs.begin(), xs.end())) {}

Json& Json::set(const std::string& key, Json value) {
    auto* members = std::get_if<Object>(&value_);
    if (!members)
        throw std::logic_error("Json::set on a value that is not an object");
    for (auto& [k, v] : *members)
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    members->emplace_back(key, std::move(value));
    return *this;
}

std::string Json::dump(int indent) const {
    std::string out;
    dump_to(out, indent, 0);
    out += '\n';
    return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
    const std::string pad(static_cast<std::size_t>(indent * (depth + 1)), ' ');
    const std::string close_pad(static_cast<std::size_t>(indent * depth), ' ');
    if (std::holds_alternative<std::nullptr_t>(value_)) {
        out += "null";
    } else if (const auto* b = std::get_if<bool>(&value_)) {
        out += *b ? "true" : "false";
    } else if (const auto* i = std::get_if<long>(&value_)) {
        out += std::to_string(*i);
    } else if (const auto* x = std::get_if<double>(&value_)) {
        if (std::isfinite(*x))
            out += format_exact(*x);
        else
            escape_to(out, format_exact(*x));
    } else if (const auto* s = std::get_if<std::string>(&value_)) {
        escape_to(out, *s);
    } else if (const auto* a = std::get_if<Array>(&value_)) {
        // Arrays of plain values stay on one line; arrays of containers get one per line.
        bool flat = true;
        for (const auto& v : *a)
            flat = flat && !std::holds_alternative<Array>(v.value_) &&
                   !std::holds_alternative<Object>(v.value_);
        out += '[';
        for (std::size_t k = 0; k < a->size(); ++k) {
            out += k ? (flat ? ", " : ",\n" + pad) : (flat ? "" : "\n" + pad);
            (*a)[k].dump_to(out, indent, depth + 1);
        }
        out += (flat || a->empty()) ? "]" : "\n" + close_pad + "]";
    } else if (const auto* o = std::get_if<Object>(&value_)) {
        out += '{';
        for (std::size_t k = 0; k < o->size(); ++k) {
            out += (k ? ",\n" : "\n") + pad;
            escape_to(out, (*o)[k].first);
            out += ": ";
            (*o)[k].second.dump_to(out, indent, depth + 1);
        }
        out += o->empty() ? "}" : "\n" + close_pad + "}";
    }
}

} // namespace qrem
