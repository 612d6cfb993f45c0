#include "core/phase_timer.hpp"

#include "core/memory.hpp"

#include <mpi.h>

#include <vector>

namespace qrem {

PetscLogStage PhaseTimers::stage(const std::string& phase) {
    auto it = stages_.find(phase);
    if (it != stages_.end())
        return it->second;
    PetscLogStage s = -1;
    if (PetscLogStageRegister(phase.c_str(), &s) != 0)
        s = -1;
    stages_[phase] = s;
    return s;
}

ScopedPhase::ScopedPhase(PhaseTimers& timers, std::string phase)
    : timers_(timers), phase_(std::move(phase)), start_(MPI_Wtime()),
      start_peak_(peak_resident_bytes()) {
    const PetscLogStage s = timers_.stage(phase_);
    if (s >= 0)
        (void)PetscLogStagePush(s);
}

ScopedPhase::~ScopedPhase() {
    if (timers_.stage(phase_) >= 0)
        (void)PetscLogStagePop();
    timers_.add(phase_, MPI_Wtime() - start_);
    timers_.add_peak_growth(phase_, static_cast<double>(peak_resident_bytes() - start_peak_));
}

std::map<std::string, double> slowest_rank_seconds(const PhaseTimers& timers, MPI_Comm comm) {
    return largest_over_ranks(timers.seconds(), comm);
}

std::map<std::string, double> largest_over_ranks(const std::map<std::string, double>& by_phase,
                                                 MPI_Comm comm) {
    // Rank 0's phase names, so that a phase some rank has not timed (yet) cannot mismatch the
    // reduction: its time there counts as 0.
    std::string names;
    for (const auto& [phase, value] : by_phase)
        names += phase + '\n';
    int length = static_cast<int>(names.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    names.resize(static_cast<std::size_t>(length));
    MPI_Bcast(names.data(), length, MPI_CHAR, 0, comm);
    std::vector<std::string> phases;
    for (std::size_t begin = 0, end; (end = names.find('\n', begin)) != std::string::npos;
         begin = end + 1)
        phases.push_back(names.substr(begin, end - begin));
    std::vector<double> values(phases.size(), 0.0);
    for (std::size_t i = 0; i < phases.size(); ++i)
        if (const auto it = by_phase.find(phases[i]); it != by_phase.end())
            values[i] = it->second;
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_MAX,
                  comm);
    std::map<std::string, double> largest;
    for (std::size_t i = 0; i < phases.size(); ++i)
        largest[phases[i]] = values[i];
    return largest;
}

} // namespace qrem
