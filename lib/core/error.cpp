#include "core/error.hpp"

#include <filesystem>

namespace qrem {

void check(PetscErrorCode code, std::source_location where) {
    if (code == 0)
        return;
    const char* text = nullptr;
    PetscErrorMessage(code, &text, nullptr);
    std::string message = "PETSc error " + std::to_string(static_cast<int>(code));
    if (text)
        message += " (" + std::string(text) + ")";
    message += " at " + std::filesystem::path(where.file_name()).filename().string() + ":" +
               std::to_string(where.line()) + " in " + where.function_name();
    throw PetscCallError(code, message);
}

} // namespace qrem
