#pragma once
// A minimal JSON reader for test data (objects, arrays, numbers, strings, booleans, null).
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace testjson {

struct Value {
    enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
    bool boolean = false;
    double number = 0.0;
    std::string string;
    std::vector<Value> array;
    std::map<std::string, Value> object;

    const Value& operator[](const std::string& key) const;
    const Value& operator[](std::size_t i) const;
    double as_number() const;
};

Value parse(const std::string& text);
Value parse_file(const std::string& path);

} // namespace testjson
