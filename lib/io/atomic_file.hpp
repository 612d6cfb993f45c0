#pragma once
// io: write a file so that readers see the old content or the new, never a partial file.
#include <string>

namespace qrem {

/// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`. Throws Error if any step fails (the old file is then left as it was).
void write_file_atomically(const std::string& path, const std::string& content);

} // namespace qrem
