#include "state/operator_product.hpp"

#include "core/error.hpp"

namespace qrem {

OperatorProduct::OperatorProduct(const DensityMatrix& layout, Mat A) {
    const auto m = static_cast<PetscInt>(layout.rows().size());
    const auto D = static_cast<PetscInt>(layout.space().D());
    check(MatCreateDense(layout.comm(), m, m, D, D, nullptr, input_.out()));
    check(MatProductCreate(A, input_, nullptr, product_.out()));
    check(MatProductSetType(product_, MATPRODUCT_AB));
    check(MatProductSetFromOptions(product_));
    check(MatProductSymbolic(product_));
    PetscInt lda = 0;
    check(MatDenseGetLDA(product_, &lda));
    if (lda != m)
        throw Error("OperatorProduct: the product's leading dimension differs from Gamma's");
}

void OperatorProduct::apply(Vec X) {
    ConstLocalBlock x(X);
    check(MatDensePlaceArray(input_, x.data()));
    check(MatProductNumeric(product_));
    check(MatDenseResetArray(input_));
    // The product owns its array; reading it needs no Get/Restore pairing across calls for a
    // MATMPIDENSE whose storage never moves after the symbolic phase.
    PetscScalar* data = nullptr;
    check(MatDenseGetArray(product_, &data));
    result_ = data; // Restore sets `data` to null
    check(MatDenseRestoreArray(product_, &data));
}

const PetscScalar* OperatorProduct::result() const { return result_; }

} // namespace qrem
