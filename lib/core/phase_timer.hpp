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
    /// Bytes by which this process's peak resident memory rose during each phase (summed over
    /// its calls): the phases that set the peak are those with the largest figures.
    const std::map<std::string, double>& peak_growth() const { return peak_growth_; }
    void add_peak_growth(const std::string& phase, double bytes) { peak_growth_[phase] += bytes; }
    PetscLogStage stage(const std::string& phase);

private:
    std::map<std::string, double> seconds_, peak_growth_;
    std::map<std::string, PetscLogStage> stages_;
};

/// Seconds per phase of the slowest rank, since that is what a run waited for (collective; the
/// phases are rank 0's, a phase another rank has not timed counts 0 there).
std::map<std::string, double> slowest_rank_seconds(const PhaseTimers& timers, MPI_Comm comm);
/// The largest value over ranks of a per-phase figure (collective; rank 0's phases, as above).
std::map<std::string, double> largest_over_ranks(const std::map<std::string, double>& by_phase,
                                                 MPI_Comm comm);

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
    std::size_t start_peak_;
};

} // namespace qrem
