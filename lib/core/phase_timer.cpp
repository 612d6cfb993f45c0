#include "core/phase_timer.hpp"

#include <mpi.h>

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

} // namespace qrem
