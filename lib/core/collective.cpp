#include "core/collective.hpp"

#include "core/error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qrem {
std::string broadcast_string(MPI_Comm comm, int root, std::string text) {
    int length = static_cast<int>(text.size());
    MPI_Bcast(&length, 1, MPI_INT, root, comm);
    text.resize(static_cast<std::size_t>(length));
    MPI_Bcast(text.data(), length, MPI_CHAR, root, comm);
    return text;
}

void agree_on_input(MPI_Comm comm, const std::function<void()>& body) {
    std::optional<InputError> failure;
    try {
        body();
    } catch (const InputError& e) {
        failure = e;
    }
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    int first_failing = failure ? rank : size;
    MPI_Allreduce(MPI_IN_PLACE, &first_failing, 1, MPI_INT, MPI_MIN, comm);
    if (first_failing == size)
        return;
    const std::string field =
        broadcast_string(comm, first_failing, failure ? failure->field() : std::string());
    std::string what = failure ? std::string(failure->what()) : std::string();
    what = broadcast_string(comm, first_failing, what);
    // Rebuild with the original text: InputError's message is "field: violation".
    const std::string violation = what.substr(std::min(what.size(), field.size() + 2));
    throw InputError(field, violation);
}

void require_on_all_ranks(MPI_Comm comm, bool ok, const std::string& field,
                          const std::string& violation) {
    agree_on_input(comm, [&] {
        if (!ok)
            throw InputError(field, violation);
    });
}

} // namespace qrem
