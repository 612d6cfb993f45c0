#pragma once
// A temporary folder for a test, removed at scope exit.
#include "core/collective.hpp"
#include "core/session.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

namespace testing_support {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("qrem-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    /// Writes `content` to `name` inside the folder and returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        const auto file = path_ / name;
        std::ofstream(file) << content;
        return file.string();
    }
    std::string path(const std::string& name = "") const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

/// A folder every rank agrees on (rank 0's), removed when `owner` goes (collective).
inline std::string shared_folder(std::unique_ptr<TempDir>& owner) {
    if (qrem::Session::rank() == 0)
        owner = std::make_unique<TempDir>();
    return qrem::broadcast_string(qrem::Session::comm(), 0, owner ? owner->path() : "");
}

} // namespace testing_support
