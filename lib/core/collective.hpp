#pragma once
// core: make all ranks agree before raising an input error, so no rank is left waiting in a
// collective call while another has thrown (QuEST's validation pattern).
#include <mpi.h>

#include <functional>
#include <string>

namespace qrem {

/// Runs `body` on every rank. If it throws InputError on any rank, every rank throws the
/// InputError of the lowest failing rank (same message everywhere). Other exceptions pass
/// through unchanged on the rank that threw them. Collective on `comm`.
void agree_on_input(MPI_Comm comm, const std::function<void()>& body);

/// Throws InputError(field, violation) on every rank if `ok` is false on any rank.
/// Collective on `comm`.
void require_on_all_ranks(MPI_Comm comm, bool ok, const std::string& field,
                          const std::string& violation);

/// `text` of rank `root`, on every rank. Collective on `comm`.
std::string broadcast_string(MPI_Comm comm, int root, std::string text);

} // namespace qrem
