#include "io/run_folder.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"

#include <ctime>
#include <filesystem>

namespace fs = std::filesystem;

namespace qrem {
namespace {

std::string timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &local);
    return buffer;
}

std::string create_on_this_rank(const OutputSpec& output) {
    fs::path dir = output.dir;
    if (dir.empty()) {
        const fs::path base = fs::path("qrem-runs") / timestamp();
        dir = base;
        for (int k = 2; fs::exists(dir); ++k)
            dir = base.string() + "-" + std::to_string(k);
    } else if (fs::exists(dir / "summary.json") && !output.overwrite) {
        throw InputError("output.dir", "'" + dir.string() +
                                           "' already holds a finished run (summary.json); choose "
                                           "another folder or pass --output.overwrite");
    }
    std::error_code error;
    fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir))
        throw InputError("output.dir",
                         "cannot create folder '" + dir.string() + "': " + error.message());
    return dir.string();
}

} // namespace

std::string prepare_run_folder(const OutputSpec& output, MPI_Comm comm) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::string path;
    agree_on_input(comm, [&] {
        if (rank == 0)
            path = create_on_this_rank(output);
    });
    return broadcast_string(comm, 0, path);
}

} // namespace qrem
