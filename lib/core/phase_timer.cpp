#include "core/phase_timer.hpp"

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
    : timers_(timers), phase_(std::move(phase)), start_(MPI_Wtime()) {
    const PetscLogStage s = timers_.stage(phase_);
    if (s >= 0)
        (void)PetscLogStagePush(s);
}

ScopedPhase::~ScopedPhase() {
    if (timers_.stage(phase_) >= 0)
        (void)PetscLogStagePop();
    timers_.add(phase_, MPI_Wtime() - start_);
}

std::map<std::string, double> slowest_rank_seconds(const PhaseTimers& timers, MPI_Comm comm) {
    // Rank 0's phase names, so that a phase some rank has not timed (yet) cannot mismatch the
    // reduction: its time there counts as 0.
    std::string names;
    for (const auto& [phase, seconds] : timers.seconds())
        names += phase + '\n';
    int length = static_cast<int>(names.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    names.resize(static_cast<std::size_t>(length));
    MPI_Bcast(names.data(), length, MPI_CHAR, 0, comm);
    std::vector<std::string> phases;
    for (std::size_t begin = 0, end; (end = names.find('\n', begin)) != std::string::npos;
         begin = end + 1)
        phases.push_back(names.substr(begin, end - begin));
    std::vector<double> seconds(phases.size(), 0.0);
    for (std::size_t i = 0; i < phases.size(); ++i)
        if (const auto it = timers.seconds().find(phases[i]); it != timers.seconds().end())
            seconds[i] = it->second;
    MPI_Allreduce(MPI_IN_PLACE, seconds.data(), static_cast<int>(seconds.size()), MPI_DOUBLE,
                  MPI_MAX, comm);
    std::map<std::string, double> slowest;
    for (std::size_t i = 0; i < phases.size(); ++i)
        slowest[phases[i]] = seconds[i];
    return slowest;
}

} // namespace qrem
