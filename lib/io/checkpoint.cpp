#include "io/checkpoint.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/petsc_handle.hpp"
#include "io/hdf5_atomic_file.hpp"
#include "state/density_matrix_io.hpp"
#include "state/hdf5_errors.hpp"

#include <petscviewerhdf5.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace qrem {
namespace {

constexpr const char* state_dataset = "/run_state";
constexpr PetscInt format_version = 1;

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string hex(std::uint64_t x) {
    char buffer[20];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(x));
    return buffer;
}

/// The numbers flattened in key order, and their layout "key:count key:count ...".
std::pair<std::vector<double>, std::string> flatten(const RunState& state) {
    std::vector<double> values;
    std::ostringstream layout;
    for (const auto& [key, numbers] : state.numbers) {
        layout << key << ":" << numbers.size() << " ";
        values.insert(values.end(), numbers.begin(), numbers.end());
    }
    return {values, layout.str()};
}

std::uint64_t values_hash(const std::vector<double>& values) {
    std::string bytes(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
    return fnv1a(bytes);
}

void write_string(PetscViewer viewer, const char* name, const std::string& value) {
    check(PetscViewerHDF5WriteAttribute(viewer, state_dataset, name, PETSC_STRING, value.c_str()));
}

std::string read_string(PetscViewer viewer, const char* name) {
    char* value = nullptr;
    check(PetscViewerHDF5ReadAttribute(viewer, state_dataset, name, PETSC_STRING, nullptr, &value));
    std::string result(value ? value : "");
    PetscFree(value);
    return result;
}

/// Rank 0's decision on every rank.
bool on_rank_zero(MPI_Comm comm, bool value) {
    int flag = value ? 1 : 0;
    MPI_Bcast(&flag, 1, MPI_INT, 0, comm);
    return flag != 0;
}

/// "key = value" lines of a configuration text that differ from another's.
std::string differences(const std::string& theirs, const std::string& ours) {
    const auto lines = [](const std::string& text) {
        std::map<std::string, std::string> m;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            const auto eq = line.find(" = ");
            if (eq != std::string::npos)
                m[line.substr(0, eq)] +=
                    (m.count(line.substr(0, eq)) ? ", " : "") + line.substr(eq + 3);
        }
        return m;
    };
    const auto a = lines(theirs), b = lines(ours);
    std::string out;
    for (const auto& [key, value] : b) {
        const auto it = a.find(key);
        const std::string old = it == a.end() ? "(absent)" : it->second;
        if (old != value)
            out += (out.empty() ? "" : "; ") + key + " = " + old + " there, " + value + " here";
    }
    return out.empty() ? "the configurations differ" : out;
}

/// Why `path` cannot be used, or "" when Gamma and `state` were read from it.
std::string try_read(const std::string& path, StateStorage& Gamma, const std::string& physics,
                     RunState& state) {
    MPI_Comm comm = Gamma.comm();
    if (!on_rank_zero(comm, fs::is_regular_file(path)))
        return "missing";
    // A damaged file is expected here and reported in one line.
    const SilencedHdf5Errors quiet;
    try {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(comm, path.c_str(), FILE_MODE_READ, viewer.out()));
        PetscBool complete = PETSC_FALSE;
        check(PetscViewerHDF5HasAttribute(viewer, state_dataset, "complete", &complete));
        if (!complete)
            return "incomplete (no 'complete' mark)";
        const std::string their_physics = read_string(viewer, "physics");
        if (fnv1a(their_physics) != fnv1a(physics))
            throw InputError("restart", "the checkpoint '" + path +
                                            "' belongs to another physics configuration: " +
                                            differences(their_physics, physics) +
                                            " (start a new run, or restart with its config.ini)");
        Gamma.read(viewer, "Gamma", "restart", path);
        if (hex(Gamma.content_hash()) != read_string(viewer, "Gamma_hash"))
            return "corrupted (Gamma's content hash differs)";

        const std::string layout = read_string(viewer, "layout");
        PetscInt count = 0;
        check(PetscViewerHDF5ReadAttribute(viewer, state_dataset, "count", PETSC_INT, nullptr,
                                           &count));
        int rank = 0;
        MPI_Comm_rank(comm, &rank);
        VecHandle v;
        check(VecCreateMPI(comm, rank == 0 ? count : 0, count, v.out()));
        check(PetscObjectSetName(reinterpret_cast<PetscObject>(v.get()), state_dataset + 1));
        check(VecLoad(v, viewer));
        std::vector<double> values(static_cast<std::size_t>(count));
        if (rank == 0) {
            const PetscScalar* data = nullptr;
            check(VecGetArrayRead(v, &data));
            for (PetscInt i = 0; i < count; ++i)
                values[static_cast<std::size_t>(i)] = data[i].real();
            check(VecRestoreArrayRead(v, &data));
        }
        MPI_Bcast(values.data(), static_cast<int>(count), MPI_DOUBLE, 0, comm);
        if (hex(values_hash(values)) != read_string(viewer, "state_hash"))
            return "corrupted (the run state's hash differs)";

        state = RunState{};
        std::istringstream in(layout);
        std::size_t offset = 0;
        for (std::string entry; in >> entry;) {
            const auto colon = entry.rfind(':');
            const auto n = static_cast<std::size_t>(std::stoul(entry.substr(colon + 1)));
            if (offset + n > values.size())
                return "corrupted (the run state's layout does not fit)";
            state.numbers[entry.substr(0, colon)].assign(values.begin() + static_cast<long>(offset),
                                                         values.begin() +
                                                             static_cast<long>(offset + n));
            offset += n;
        }
        std::istringstream names(read_string(viewer, "texts"));
        for (std::string name; names >> name;)
            state.texts[name] = read_string(viewer, ("text_" + name).c_str());
        return "";
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        return std::string("unreadable (") + e.what() + ")";
    }
}

} // namespace

double RunState::number(const std::string& key) const {
    const auto it = numbers.find(key);
    if (it == numbers.end() || it->second.size() != 1)
        throw Error("checkpoint: no value '" + key + "'");
    return it->second.front();
}

std::string checkpoint_path(const std::string& folder) {
    return (fs::path(folder) / "checkpoint.h5").string();
}

std::string previous_checkpoint_path(const std::string& folder) {
    return (fs::path(folder) / "checkpoint.prev.h5").string();
}

void write_checkpoint(const std::string& folder, const StateStorage& Gamma, const RunState& state,
                      const std::string& physics) {
    MPI_Comm comm = Gamma.comm();
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    const std::string path = checkpoint_path(folder);
    const auto [values, layout] = flatten(state);
    const std::uint64_t gamma_hash = Gamma.content_hash();
    Hdf5Write file;
    file.path = path;
    file.bytes = Gamma.file_bytes() + sizeof(double) * values.size();
    file.if_it_fails = "the last checkpoint, if any, is unchanged";
    file.write = [&](PetscViewer viewer) {
        Gamma.write(viewer, "Gamma");
        const auto count = static_cast<PetscInt>(values.size());
        VecHandle v;
        check(VecCreateMPI(comm, rank == 0 ? count : 0, count, v.out()));
        check(PetscObjectSetName(reinterpret_cast<PetscObject>(v.get()), state_dataset + 1));
        if (rank == 0) {
            PetscScalar* data = nullptr;
            check(VecGetArrayWrite(v, &data));
            for (PetscInt i = 0; i < count; ++i)
                data[i] = values[static_cast<std::size_t>(i)];
            check(VecRestoreArrayWrite(v, &data));
        }
        check(VecView(v, viewer));
        check(PetscViewerHDF5WriteAttribute(viewer, state_dataset, "format", PETSC_INT,
                                            &format_version));
        check(PetscViewerHDF5WriteAttribute(viewer, state_dataset, "count", PETSC_INT, &count));
        write_string(viewer, "layout", layout);
        write_string(viewer, "physics", physics);
        write_string(viewer, "Gamma_hash", hex(gamma_hash));
        write_string(viewer, "state_hash", hex(values_hash(values)));
        std::string names;
        for (const auto& [name, text] : state.texts) {
            names += name + " ";
            write_string(viewer, ("text_" + name).c_str(), text.empty() ? " " : text);
        }
        write_string(viewer, "texts", names.empty() ? " " : names);
        const PetscInt one = 1; // last: a file without it was cut off while being written
        check(PetscViewerHDF5WriteAttribute(viewer, state_dataset, "complete", PETSC_INT, &one));
    };
    // Keep the current checkpoint as the previous one (a hard link renamed into place, so
    // checkpoint.h5 exists throughout) before the new one replaces it.
    file.before_rename = [&] {
        const std::string previous = previous_checkpoint_path(folder), link = previous + ".tmp";
        std::error_code ec;
        fs::remove(link, ec);
        if (fs::exists(path, ec)) {
            fs::create_hard_link(path, link, ec);
            if (!ec)
                fs::rename(link, previous, ec);
        }
    };
    write_hdf5_atomically(comm, file);
}

RunState read_checkpoint(const std::string& folder, StateStorage& Gamma, const std::string& physics,
                         std::vector<std::string>& warnings) {
    RunState state;
    std::string reasons;
    for (const std::string& path : {checkpoint_path(folder), previous_checkpoint_path(folder)}) {
        const std::string why = try_read(path, Gamma, physics, state);
        if (why.empty())
            return state;
        if (why != "missing")
            warnings.push_back("checkpoint '" + path + "' is " + why + ": skipped");
        reasons += (reasons.empty() ? "" : "; ") + path + ": " + why;
    }
    throw InputError("restart", "no usable checkpoint in '" + folder + "' (" + reasons + ")");
}

void DenseStorage::write(PetscViewer viewer, const std::string& name) const {
    write_density_matrix(Gamma_, viewer, name);
}

void DenseStorage::read(PetscViewer viewer, const std::string& name, const std::string& field,
                        const std::string& path) {
    read_density_matrix(Gamma_, viewer, name, field, path);
}

std::uint64_t DenseStorage::content_hash() const {
    return qrem::content_hash(Gamma_);
}

std::uint64_t DenseStorage::file_bytes() const {
    return qrem::file_bytes(Gamma_);
}

void write_checkpoint(const std::string& folder, DensityMatrix& Gamma, const RunState& state,
                      const std::string& physics) {
    write_checkpoint(folder, DenseStorage(Gamma), state, physics);
}

RunState read_checkpoint(const std::string& folder, DensityMatrix& Gamma,
                         const std::string& physics, std::vector<std::string>& warnings) {
    DenseStorage storage(Gamma);
    return read_checkpoint(folder, storage, physics, warnings);
}

} // namespace qrem
