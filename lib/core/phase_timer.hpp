#pragma once
// core: wall-clock time per phase (assembly, evolution, output, ...). Each phase is also a
// PETSc log stage, so -log_view breaks PETSc's own events down by the same phases.
#include <petscsys.h>

#include <map>
#include <string>

namespace qrem {

class PhaseTimers {
public:
    /// Seconds spent in each phase so far (max over ranks is taken by the caller if needed).
    const std::map<std::string, double>& seconds() const { return seconds_; }
    void add(const std::string& phase, double s) { seconds_[phase] += s; }
    PetscLogStage stage(const std::string& phase);

private:
    std::map<std::string, double> seconds_;
    std::map<std::string, PetscLogStage> stages_;
};

/// Seconds per phase of the slowest rank, since that is what a run waited for (collective; the
/// phases are rank 0's, a phase another rank has not timed counts 0 there).
std::map<std::string, double> slowest_rank_seconds(const PhaseTimers& timers, MPI_Comm comm);

/// Times the enclosing scope into `timers` under `phase`.
class ScopedPhase {
public:
    ScopedPhase(PhaseTimers& timers, std::string phase);
    ScopedPhase(const ScopedPhase&) = delete;
    ScopedPhase& operator=(const ScopedPhase&) = delete;
    ~ScopedPhase();

private:
    PhaseTimers& timers_;
    std::string phase_;
    double start_;
};

} // namespace qrem
