#pragma once
// state: A * Gamma for a D x D MPIAIJ operator A and a Vec in Gamma's layout, through one PETSc
// MPIAIJ x MPIDENSE product set up once (symbolic phase) and reused for every Vec.
#include "state/density_matrix.hpp"

namespace qrem {

class OperatorProduct {
public:
    /// `layout` and `A` must outlive this object.
    OperatorProduct(const DensityMatrix& layout, Mat A);

    /// Computes A X; the result stays readable through result() until the next apply.
    void apply(Vec X);
    /// The local block of the last A X (column-major, layout's row count as leading dimension).
    const PetscScalar* result() const;

private:
    MatHandle input_;   ///< dense wrapper whose array is placed on X
    MatHandle product_; ///< A * input
    const PetscScalar* result_ = nullptr;
};

} // namespace qrem
