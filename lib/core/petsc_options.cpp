#include "core/petsc_options.hpp"

#include "core/error.hpp"

#include <petscsys.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace qrem {

void refuse_qrem_keys_as_petsc_options(const std::vector<std::string>& petsc_args) {
    for (const std::string& token : petsc_args) {
        const bool option = token.size() >= 2 && token[0] == '-' &&
                            std::isalpha(static_cast<unsigned char>(token[1]));
        const std::string name = token.substr(0, token.find('='));
        if (option && name.find('.') != std::string::npos)
            throw InputError(name, "qrem's keys take two dashes (-" + name +
                                       "); a single dash passes an option to PETSc");
    }
}

void refuse_unused_petsc_options() {
    // Read by PetscFinalize, after any check here could run.
    static constexpr std::array<const char*, 7> at_finalize = {
        "options_left", "options_view", "memory_view",    "malloc_dump",
        "malloc_view",  "objects_dump", "log_view_memory"};
    PetscInt count = 0;
    char** names = nullptr;
    char** values = nullptr;
    check(PetscOptionsLeftGet(nullptr, &count, &names, &values));
    std::string unused;
    for (PetscInt i = 0; i < count; ++i) {
        const std::string name = names[i];
        if (std::find(at_finalize.begin(), at_finalize.end(), name) != at_finalize.end())
            continue;
        unused += (unused.empty() ? "-" : ", -") + name;
    }
    check(PetscOptionsLeftRestore(nullptr, &count, &names, &values));
    if (!unused.empty())
        throw InputError("PETSc options",
                         unused + (unused.find(',') == std::string::npos ? " was" : " were") +
                             " given but read by nothing in this run (misspelt, or for a "
                             "solver this run does not use; `qrem run --help` lists qrem's keys)");
}

std::string petsc_options_text() {
    char* all = nullptr;
    check(PetscOptionsGetAll(nullptr, &all));
    std::string text = all ? all : "";
    PetscFree(all);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

namespace {

/// Option name -> value ("" for a flag) of a "-name value ..." text.
std::map<std::string, std::string> parse_options(const std::string& text) {
    std::map<std::string, std::string> options;
    std::istringstream in(text);
    std::string name;
    for (std::string token; in >> token;) {
        if (token.size() >= 2 && token[0] == '-' &&
            std::isalpha(static_cast<unsigned char>(token[1]))) {
            name = token;
            options[name];
        } else if (!name.empty()) {
            std::string& value = options[name];
            value += (value.empty() ? "" : " ") + token;
        }
    }
    return options;
}

} // namespace

std::string petsc_option_changes(const std::string& checkpoint, const std::string& now) {
    const auto before = parse_options(checkpoint), after = parse_options(now);
    const auto shown = [](const std::map<std::string, std::string>& options,
                          const std::string& name) -> std::string {
        const auto it = options.find(name);
        if (it == options.end())
            return "(absent)";
        return it->second.empty() ? "(set)" : it->second;
    };
    std::set<std::string> names;
    for (const auto& options : {before, after})
        for (const auto& [name, value] : options)
            names.insert(name);
    std::string changes;
    for (const std::string& name : names) {
        const std::string a = shown(before, name), b = shown(after, name);
        if (a != b)
            changes += (changes.empty() ? "" : "; ") + name + ": " + a + " in the checkpoint, " +
                       b + " now";
    }
    return changes;
}

} // namespace qrem
