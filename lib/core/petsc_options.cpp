#include "core/petsc_options.hpp"

#include "core/error.hpp"

#include <petscsys.h>

#include <algorithm>
#include <array>
#include <cctype>

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
        "options_left", "options_view", "memory_view", "malloc_dump",
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

} // namespace qrem
