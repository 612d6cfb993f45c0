#include "core/input_file.hpp"

#include "core/error.hpp"
#include "core/format.hpp"

#include <filesystem>

namespace qrem {

void check_input_file(const std::string& path, const std::string& field, std::uintmax_t max_bytes) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status))
        throw InputError(field, "cannot open file " + describe_path(path));
    if (fs::is_directory(status))
        throw InputError(field, describe_path(path) + " is a directory, not a file");
    if (!fs::is_regular_file(status))
        throw InputError(field, describe_path(path) +
                                    " is not a regular file (a FIFO, device or socket)");
    const std::uintmax_t size = fs::file_size(path, error);
    if (!error && size > max_bytes)
        throw InputError(field, describe_path(path) + " has " + std::to_string(size) +
                                    " bytes, more than the " + std::to_string(max_bytes) +
                                    " such a file may have");
}

std::ifstream open_input_file(const std::string& path, const std::string& field,
                              std::uintmax_t max_bytes) {
    check_input_file(path, field, max_bytes);
    std::ifstream in(path);
    if (!in)
        throw InputError(field, "cannot read file " + describe_path(path));
    return in;
}

} // namespace qrem
