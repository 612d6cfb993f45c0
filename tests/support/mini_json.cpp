#include "support/mini_json.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace testjson {
namespace {

struct Parser {
    const std::string& s;
    std::size_t i = 0;

    void skip() {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
    }
    [[noreturn]] void fail(const std::string& what) {
        throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(i));
    }
    void expect(char c) {
        skip();
        if (i >= s.size() || s[i] != c)
            fail(std::string("expected '") + c + "'");
        ++i;
    }
    std::string parse_string() {
        expect('"');
        std::string out;
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\') {
                ++i;
                const char e = s[i];
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            } else {
                out += s[i];
            }
            ++i;
        }
        expect('"');
        return out;
    }
    Value parse_value() {
        skip();
        Value v;
        if (i >= s.size())
            fail("unexpected end");
        const char c = s[i];
        if (c == '{') {
            v.kind = Value::Kind::Object;
            ++i;
            skip();
            if (s[i] == '}') {
                ++i;
                return v;
            }
            for (;;) {
                std::string key = parse_string();
                expect(':');
                v.object[key] = parse_value();
                skip();
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            v.kind = Value::Kind::Array;
            ++i;
            skip();
            if (s[i] == ']') {
                ++i;
                return v;
            }
            for (;;) {
                v.array.push_back(parse_value());
                skip();
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.kind = Value::Kind::String;
            v.string = parse_string();
            return v;
        }
        if (s.compare(i, 4, "true") == 0 || s.compare(i, 5, "false") == 0) {
            v.kind = Value::Kind::Bool;
            v.boolean = s[i] == 't';
            i += v.boolean ? 4 : 5;
            return v;
        }
        if (s.compare(i, 4, "null") == 0) {
            i += 4;
            return v;
        }
        char* end = nullptr;
        v.kind = Value::Kind::Number;
        v.number = std::strtod(s.c_str() + i, &end);
        if (end == s.c_str() + i)
            fail("bad value");
        i = static_cast<std::size_t>(end - s.c_str());
        return v;
    }
};

} // namespace

const Value& Value::operator[](const std::string& key) const {
    const auto it = object.find(key);
    if (kind != Kind::Object || it == object.end())
        throw std::runtime_error("JSON: no member '" + key + "'");
    return it->second;
}

const Value& Value::operator[](std::size_t k) const {
    if (kind != Kind::Array || k >= array.size())
        throw std::runtime_error("JSON: no element " + std::to_string(k));
    return array[k];
}

double Value::as_number() const {
    if (kind != Kind::Number)
        throw std::runtime_error("JSON: not a number");
    return number;
}

Value parse(const std::string& text) {
    Parser p{text};
    Value v = p.parse_value();
    p.skip();
    if (p.i != text.size())
        p.fail("trailing characters");
    return v;
}

Value parse_file(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse(buffer.str());
}

} // namespace testjson
