#pragma once
// core: rank-0 logging. Only rank 0 writes, so a message appears once whatever the rank count.
#include <ostream>

namespace qrem::log {

/// Standard output on rank 0 (unless quiet), a discarding stream elsewhere.
std::ostream& out();
/// Standard error on rank 0, a discarding stream elsewhere. Never silenced.
std::ostream& err();
/// Quiet mode: out() discards on every rank (batch jobs).
void set_quiet(bool quiet);

} // namespace qrem::log
