#pragma once
// Helpers for tests of the distributed N-body engine.
#include "dynamics/state_evolution.hpp"
#include "model/builtin_models.hpp"
#include "model/one_body_model.hpp"
#include "state/density_matrix.hpp"
#include "support/dense_reference.hpp"
#include "support/nbody_reference.hpp"

#include <algorithm>
#include <vector>

namespace testing_support {

/// A small built-in model ("bose-hubbard": a chain of `levels` sites; "qudit": a Heisenberg
/// qudit of `levels` levels) with jump entries as in lindblad.jump.
inline qrem::OneBodyModel make_model(const std::string& type, int levels,
                                     const std::vector<std::string>& jumps) {
    qrem::ModelSpec spec;
    spec.type = type;
    spec.bose_hubbard = {1, levels, 1.0, 1.3};
    spec.qudit = {levels, "heisenberg", 1.1, 0.4, 0.7};
    for (const auto& j : jumps)
        spec.jumps.push_back(qrem::parse_jump_spec(j, "lindblad.jump"));
    return qrem::build_model(spec);
}

/// Sets the local rows of Gamma from a full matrix known on every rank.
inline void assign(qrem::DensityMatrix& Gamma, const qrem::DenseMatrix& full) {
    qrem::LocalBlock block(Gamma.vec());
    const auto& rows = Gamma.rows();
    for (std::int64_t s = 0; s < Gamma.space().D(); ++s)
        for (std::int64_t i = 0; i < rows.size(); ++i)
            block.data()[i + Gamma.lda() * s] =
                full(static_cast<std::size_t>(rows.begin + i), static_cast<std::size_t>(s));
}

/// Gamma at the quadrature nodes, whole, through NBodySolver::advance_to's linear sample: the
/// gathered matrix (linear in the state) as the sample, turned back into matrices.
struct WholeStateAtNodes {
    const qrem::DensityMatrix& layout;
    std::vector<qrem::DenseMatrix> at_nodes;
    /// Every entry (row-major, as DenseMatrix), column by column: chunk s is column s.
    qrem::StateEvolution::LinearSample linear() const {
        const qrem::DensityMatrix* m = &layout;
        const std::int64_t D = layout.space().D();
        return {static_cast<std::size_t>(D * D), static_cast<PetscInt>(layout.lda()),
                [m, D](PetscInt s, const PetscScalar* column, PetscScalar* entries) {
                    for (std::int64_t r = m->rows().begin; r < m->rows().end; ++r)
                        entries[r * D + s] += column[r - m->rows().begin];
                }};
    }
    void observe(double, const std::vector<PetscScalar>& entries) {
        const auto D = static_cast<std::size_t>(layout.space().D());
        at_nodes.emplace_back(D, D);
        std::copy(entries.begin(), entries.end(), at_nodes.back().data());
    }
};

/// The reference H_N and embedded jump operators of a model.
struct ReferenceOperators {
    ref::Mat H;
    std::vector<ref::Mat> jumps;
};

inline ReferenceOperators reference_operators(const qrem::OneBodyModel& m, int N) {
    std::vector<ref::Mat> one_body;
    for (const auto& j : m.jumps)
        one_body.push_back(ref::from_dense(j.L));
    return {ref::hamiltonian(ref::from_dense(m.h), ref::from_dense(m.W), N),
            ref::embedded_jumps(one_body, m.d, N)};
}

} // namespace testing_support
