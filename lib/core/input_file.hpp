#pragma once
// core: opening a user's input file (config, matrix, state): refused by type and size before it
// is read, so that a FIFO does not block, a device does not stream without end, and a
// directory is not read as an empty file.
#include <cstdint>
#include <fstream>
#include <string>

namespace qrem {

/// Opens `path` for reading; throws InputError naming `field` if it is missing, not a regular
/// file, larger than `max_bytes`, or unreadable.
std::ifstream open_input_file(const std::string& path, const std::string& field,
                              std::uintmax_t max_bytes);

/// Throws the same InputError as open_input_file without opening (for files read by others,
/// e.g. HDF5).
void check_input_file(const std::string& path, const std::string& field,
                      std::uintmax_t max_bytes = UINTMAX_MAX);

} // namespace qrem
