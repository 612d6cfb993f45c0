#include "diagnostics/checks.hpp"

#include <cmath>

namespace qrem {

bool CheckLedger::record(const std::string& name, double t, double excess, double tolerance) {
    if (std::isnan(excess))
        return false;
    Entry& entry = entries_[name];
    entry.tolerance = tolerance;
    ++entry.evaluations;
    if (excess > entry.max_excess) {
        entry.max_excess = excess;
        entry.at_t = t;
    }
    const bool violated = excess > tolerance;
    entry.violations += violated ? 1 : 0;
    return violated;
}

long CheckLedger::violations() const {
    long total = 0;
    for (const auto& [name, entry] : entries_)
        total += entry.violations;
    return total;
}

} // namespace qrem
