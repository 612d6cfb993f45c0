#include "io/state_file.hpp"

#include "core/format.hpp"
#include "io/hdf5_atomic_file.hpp"

namespace qrem {

std::string state_file_name(double t) {
    return "state_t=" + format_number("%.10g", t) + ".h5";
}

void save_state_file(const StateStorage& Gamma, const std::string& path) {
    Hdf5Write file;
    file.path = path;
    file.bytes = Gamma.file_bytes();
    file.if_it_fails = "the files of the earlier output times are complete";
    file.write = [&](PetscViewer viewer) { Gamma.write(viewer, "Gamma"); };
    write_hdf5_atomically(Gamma.comm(), file);
}

} // namespace qrem
