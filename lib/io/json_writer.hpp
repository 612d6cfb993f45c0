#pragma once
// io: a small JSON value for summary.json (objects keep insertion order; non-finite numbers
// are written as the strings "inf", "-inf", "nan").
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace qrem {

class Json {
public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;

    Json() : value_(nullptr) {}
    Json(bool b) : value_(b) {}
    Json(int i) : value_(static_cast<long>(i)) {}
    Json(long i) : value_(i) {}
    Json(double x) : value_(x) {}
    Json(const char* s) : value_(std::string(s)) {}
    Json(std::string s) : value_(std::move(s)) {}
    Json(Array a) : value_(std::move(a)) {}
    Json(Object o) : value_(std::move(o)) {}
    Json(const std::vector<double>& xs);

    static Json object() { return Json(Object{}); }
    /// Adds (or replaces) a member of an object; returns *this for chaining.
    Json& set(const std::string& key, Json value);

    std::string dump(int indent = 2) const;

private:
    void dump_to(std::string& out, int indent, int depth) const;
    std::variant<std::nullptr_t, bool, long, double, std::string, Array, Object> value_;
};

} // namespace qrem
