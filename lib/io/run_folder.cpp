#include "io/run_folder.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <vector>

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

/// Whether `name` is a file a run writes into its folder.
bool is_run_file(const std::string& name) {
    static const char* const files[] = {"timeseries.csv", "gamma.csv",     "marginal.csv",
                                        "summary.json",   "config.ini",    "results.h5",
                                        "entropy.png",    "checkpoint.h5", "checkpoint.prev.h5"};
    for (const char* f : files)
        if (name == f)
            return true;
    return name.starts_with("state_t=") && name.ends_with(".h5");
}

/// Moves the files of the run in `dir` into dir/previous-run (replacing an older one), so that
/// a failing new run never leaves a folder whose summary.json belongs to other files.
void set_aside_previous_run(const fs::path& dir) {
    const fs::path aside = dir / previous_run_folder;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && is_run_file(entry.path().filename().string()))
            files.push_back(entry.path());
    if (files.empty())
        return;
    std::error_code error;
    fs::remove_all(aside, error);
    fs::create_directory(aside, error);
    // summary.json first: from then on the folder no longer looks finished.
    std::stable_partition(files.begin(), files.end(),
                          [](const fs::path& f) { return f.filename() == "summary.json"; });
    for (const fs::path& f : files) {
        fs::rename(f, aside / f.filename(), error);
        if (error)
            throw InputError("output.overwrite", "cannot move '" + f.string() + "' aside into '" +
                                                     aside.string() + "': " + error.message());
    }
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
    } else if (fs::exists(dir / "checkpoint.h5") && !output.overwrite) {
        throw InputError("output.dir",
                         "'" + dir.string() +
                             "' holds an interrupted run (checkpoint.h5): continue it with qrem "
                             "run --restart --output.dir " + dir.string() +
                             ", or pass --output.overwrite to replace it");
    } else if (output.overwrite && fs::is_directory(dir)) {
        set_aside_previous_run(dir);
    }
    std::error_code error;
    fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir))
        throw InputError("output.dir",
                         "cannot create folder '" + dir.string() + "': " + error.message());
    return dir.string();
}

} // namespace

void remove_previous_run(const std::string& folder) {
    std::error_code error;
    fs::remove_all(fs::path(folder) / previous_run_folder, error);
}

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
