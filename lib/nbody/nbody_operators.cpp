#include "nbody/nbody_operators.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace qrem {
namespace {

using Row = std::map<std::int64_t, Complex>; // column -> value, merged

template <typename RowBuilder>
MatHandle assemble_rows(MPI_Comm comm, const NBodySpace& space, RowBuilder&& build_row) {
    const RowRange mine = owned_rows(space.D(), comm);
    std::vector<Row> rows(static_cast<std::size_t>(mine.size()));
    std::vector<PetscInt> diagonal_nnz(rows.size()), off_diagonal_nnz(rows.size());
    for (std::int64_t r = mine.begin; r < mine.end; ++r) {
        Row& row = rows[static_cast<std::size_t>(r - mine.begin)];
        build_row(r, row);
        for (const auto& [column, value] : row)
            (column >= mine.begin && column < mine.end
                 ? diagonal_nnz
                 : off_diagonal_nnz)[static_cast<std::size_t>(r - mine.begin)]++;
    }
    MatHandle A;
    const auto local = static_cast<PetscInt>(mine.size());
    const auto D = static_cast<PetscInt>(space.D());
    check(MatCreate(comm, A.out()));
    check(MatSetSizes(A, local, local, D, D));
    check(MatSetType(A, MATAIJ));
    check(MatSeqAIJSetPreallocation(A, 0, diagonal_nnz.data()));
    check(MatMPIAIJSetPreallocation(A, 0, diagonal_nnz.data(), 0, off_diagonal_nnz.data()));
    check(MatSetOption(A, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    std::vector<PetscInt> columns;
    std::vector<PetscScalar> values;
    for (std::int64_t r = mine.begin; r < mine.end; ++r) {
        const Row& row = rows[static_cast<std::size_t>(r - mine.begin)];
        columns.clear();
        values.clear();
        for (const auto& [column, value] : row) {
            columns.push_back(static_cast<PetscInt>(column));
            values.push_back(value);
        }
        const auto global_row = static_cast<PetscInt>(r);
        check(MatSetValues(A, 1, &global_row, static_cast<PetscInt>(columns.size()), columns.data(),
                           values.data(), INSERT_VALUES));
    }
    check(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    check(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
    return A;
}

} // namespace

MatHandle assemble_few_body_sum(MPI_Comm comm, const NBodySpace& space, const FewBodySum& sum) {
    const std::vector<FewBodyTerm> terms = few_body_terms(space, sum);
    return assemble_rows(comm, space,
                         [&](std::int64_t r, Row& row) { few_body_row(space, terms, r, row); });
}

MatHandle assemble_on_leg(MPI_Comm comm, const NBodySpace& space, const DenseMatrix& A, int leg) {
    return assemble_rows(comm, space, [&](std::int64_t r, Row& row) {
        const std::size_t a = space.digit(r, leg);
        for (std::size_t b = 0; b < space.d(); ++b)
            if (A(a, b) != Complex(0.0))
                row[space.with_digit(r, leg, b)] += A(a, b);
    });
}

MatHandle assemble_hamiltonian(MPI_Comm comm, const NBodySpace& space, const OneBodyModel& model) {
    const double pair_factor = space.N() > 1 ? 1.0 / (space.N() - 1) : 0.0;
    return assemble_few_body_sum(comm, space, {model.h, model.W, pair_factor});
}

FewBodySum effective_hamiltonian_sum(const NBodySpace& space, const OneBodyModel& model) {
    DenseMatrix one_body = model.h;
    for (const auto& jump : model.jumps)
        one_body -= Complex(0.0, 0.5) * (adjoint(jump.L) * jump.L);
    const double pair_factor = space.N() > 1 ? 1.0 / (space.N() - 1) : 0.0;
    return {one_body, model.W, pair_factor};
}

MatHandle assemble_effective_hamiltonian(MPI_Comm comm, const NBodySpace& space,
                                         const OneBodyModel& model) {
    return assemble_few_body_sum(comm, space, effective_hamiltonian_sum(space, model));
}

} // namespace qrem
