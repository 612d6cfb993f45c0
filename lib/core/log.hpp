#pragma once
// core: rank-0 logging. Only rank 0 writes, so a message appears once whatever the rank count.
#include <ostream>
#include <string>

namespace qrem::log {

/// Standard output on rank 0 (unless quiet), a discarding stream elsewhere.
std::ostream& out();
/// Standard error on rank 0, a discarding stream elsewhere. Never silenced.
std::ostream& err();
/// "qrem: error (rank k): <what>" (no rank with one rank) on this rank's standard error, in one
/// write(2): ranks failing at once would otherwise interleave their pieces ("qrem: errorqrem:
/// error (rank 1): ..."). For errors that may be this rank's alone.
void error_on_this_rank(const std::string& what);
/// Quiet mode: out() discards on every rank (batch jobs).
void set_quiet(bool quiet);

} // namespace qrem::log
