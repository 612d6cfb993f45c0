#pragma once
// diagnostics: the paper's inequalities checked along a run. Each check is "lhs <= rhs" and is
// recorded as its excess lhs - rhs; an excess above the check's tolerance is a violation.
#include <limits>
#include <map>
#include <string>

namespace qrem {

class CheckLedger {
public:
    struct Entry {
        double tolerance = 0.0;
        double max_excess = -std::numeric_limits<double>::infinity();
        double at_t = std::numeric_limits<double>::quiet_NaN(); ///< time of max_excess
        long evaluations = 0;
        long violations = 0;
    };

    /// Records the excess of `name` at time t; returns true if it exceeds `tolerance`.
    /// A NaN excess (the check does not apply, e.g. inf - inf) is not recorded.
    bool record(const std::string& name, double t, double excess, double tolerance);

    const std::map<std::string, Entry>& entries() const { return entries_; }
    /// Puts back an entry (a restarted run's ledger).
    void restore(const std::string& name, const Entry& entry) { entries_[name] = entry; }
    long violations() const;

private:
    std::map<std::string, Entry> entries_;
};

} // namespace qrem
