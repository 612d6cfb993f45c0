#include "io/run_folder.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <tuple>
#include <unistd.h>
#include <utility>
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

/// The file a finished `qrem run` or `qrem theory` writes last.
bool is_finished_marker(const fs::path& file) {
    return file.filename() == "summary.json" || file.filename() == "theory.json";
}

/// Whether `name` is a file a run (or `qrem theory`) writes into its folder.
bool is_run_file(const std::string& name) {
    static const char* const files[] = {"timeseries.csv", "gamma.csv",        "marginal.csv",
                                        "summary.json",   "config.ini",       "results.h5",
                                        "entropy.png",    "checkpoint.h5",    "checkpoint.prev.h5",
                                        "theory.json",    "index_counts.csv", "cancellation.csv",
                                        "lemma1.csv",     "theory.png"};
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
    // summary.json (theory.json) first: from then on the folder no longer looks finished.
    std::stable_partition(files.begin(), files.end(), is_finished_marker);
    for (const fs::path& f : files) {
        fs::rename(f, aside / f.filename(), error);
        if (error)
            throw InputError("output.overwrite", "cannot move '" + f.string() + "' aside into '" +
                                                     aside.string() + "': " + error.message());
    }
}

std::string host_name() {
    char buffer[256] = {};
    ::gethostname(buffer, sizeof buffer - 1);
    return buffer;
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

/// The "key=value" lines of a lock file.
std::map<std::string, std::string> read_lock(const fs::path& file) {
    std::map<std::string, std::string> fields;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (const auto eq = line.find('='); eq != std::string::npos)
            fields[line.substr(0, eq)] = line.substr(eq + 1);
    return fields;
}

/// Whether the run that wrote `owner` may still be running.
bool owner_alive(const std::map<std::string, std::string>& owner) {
    const auto field = [&](const char* key) {
        const auto it = owner.find(key);
        return it == owner.end() ? std::string() : it->second;
    };
    const std::string job = field("slurm_job");
    if (!job.empty() && job == environment("SLURM_JOB_ID"))
        return false; // this job before its requeue: Slurm requeues only an ended job
    if (field("host") != host_name())
        return true; // cannot tell from here
    const long pid = std::atol(field("pid").c_str());
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
        return false;
    // An ended process nobody reaped yet (a zombie: its launcher exited first, and the
    // container's init may never reap it) holds nothing.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    const std::string line{std::istreambuf_iterator<char>(stat), std::istreambuf_iterator<char>()};
    if (const auto paren = line.rfind(')'); paren != std::string::npos && paren + 2 < line.size())
        if (const char state = line[paren + 2]; state == 'Z' || state == 'X')
            return false;
    // A live pid may have been reused by another program.
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    return !(comm >> name) || name == "qrem";
}

/// Creates dir/qrem.lock for this process (rank 0) and returns its path; InputError naming the
/// owner if a live run holds it.
std::string lock_on_this_rank(const fs::path& dir) {
    const fs::path file = dir / run_lock_file;
    const std::time_t now = std::time(nullptr);
    char started[32];
    std::strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%S", std::localtime(&now));
    const std::string content = "pid=" + std::to_string(::getpid()) + "\nhost=" + host_name() +
                                "\nslurm_job=" + environment("SLURM_JOB_ID") +
                                "\nstarted=" + started + "\n";
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            const bool written =
                ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
            ::close(fd);
            if (!written) {
                ::unlink(file.c_str());
                throw InputError("output.dir", "cannot write '" + file.string() + "'");
            }
            return file.string();
        }
        if (errno != EEXIST)
            throw InputError("output.dir",
                             "cannot create '" + file.string() + "': " + std::strerror(errno));
        const auto owner = read_lock(file);
        if (owner_alive(owner)) {
            const auto get = [&](const char* key) {
                const auto it = owner.find(key);
                return it == owner.end() ? std::string("?") : it->second;
            };
            throw InputError("output.dir",
                             "'" + dir.string() + "' is in use by another qrem run (pid " +
                                 get("pid") + " on host " + get("host") + ", started " +
                                 get("started") + "); wait for it, or if that run is gone, " +
                                 "remove '" + file.string() + "'");
        }
        ::unlink(file.c_str()); // its owner ended without removing it: take it over
    }
    throw InputError("output.dir", "another run took '" + file.string() + "' meanwhile");
}

/// The folder's path and lock file (rank 0).
std::pair<std::string, std::string> create_on_this_rank(const OutputSpec& output) {
    fs::path dir = output.dir;
    if (dir.empty()) {
        const fs::path base = fs::path("qrem-runs") / timestamp();
        dir = base;
        for (int k = 2; fs::exists(dir); ++k)
            dir = base.string() + "-" + std::to_string(k);
    }
    std::error_code error;
    fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir))
        throw InputError("output.dir",
                         "cannot create folder '" + dir.string() + "': " + error.message());
    // The lock first: nothing of a live run in this folder is touched.
    std::string lock = lock_on_this_rank(dir);
    try {
        if (fs::exists(dir / "summary.json") && !output.overwrite)
            throw InputError("output.dir", "'" + dir.string() +
                                               "' already holds a finished run (summary.json); "
                                               "choose another folder or pass --output.overwrite");
        if (fs::exists(dir / "theory.json") && !output.overwrite)
            throw InputError("output.dir", "'" + dir.string() +
                                               "' already holds the results of qrem theory "
                                               "(theory.json); choose another folder or pass "
                                               "--output.overwrite");
        if (fs::exists(dir / "checkpoint.h5") && !output.overwrite)
            throw InputError("output.dir",
                             "'" + dir.string() +
                                 "' holds an interrupted run (checkpoint.h5): continue it with "
                                 "qrem run --restart --output.dir " +
                                 dir.string() + ", or pass --output.overwrite to replace it");
        if (output.overwrite)
            set_aside_previous_run(dir);
    } catch (...) {
        ::unlink(lock.c_str());
        throw;
    }
    return {dir.string(), lock};
}

} // namespace

void remove_previous_run(const std::string& folder) {
    std::error_code error;
    fs::remove_all(fs::path(folder) / previous_run_folder, error);
}

RunFolderLock::RunFolderLock(MPI_Comm comm, const std::string& folder) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    agree_on_input(comm, [&] {
        if (rank == 0)
            file_ = lock_on_this_rank(folder);
    });
}

RunFolderLock::RunFolderLock(RunFolderLock&& other) noexcept
    : file_(std::exchange(other.file_, std::string())) {}

RunFolderLock& RunFolderLock::operator=(RunFolderLock&& other) noexcept {
    if (this != &other) {
        if (!file_.empty())
            ::unlink(file_.c_str());
        file_ = std::exchange(other.file_, std::string());
    }
    return *this;
}

RunFolderLock::~RunFolderLock() {
    if (!file_.empty())
        ::unlink(file_.c_str());
}

RunFolder prepare_run_folder(const OutputSpec& output, MPI_Comm comm) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    RunFolder folder;
    agree_on_input(comm, [&] {
        if (rank == 0)
            std::tie(folder.path, folder.lock.file_) = create_on_this_rank(output);
    });
    folder.path = broadcast_string(comm, 0, folder.path);
    return folder;
}

} // namespace qrem
