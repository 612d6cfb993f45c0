#pragma once
// Access to the shared reference values (tests/data/bose-hubbard-dimer-N4.json).
#include "linalg/dense_matrix.hpp"
#include "model/builtin_models.hpp"
#include "support/mini_json.hpp"

#include <string>

namespace testing_support {

inline const testjson::Value& reference_file() {
    static const testjson::Value value =
        testjson::parse_file(std::string(QREM_TEST_DATA_DIR) + "/bose-hubbard-dimer-N4.json");
    return value;
}

/// gamma_t of one reference row.
inline qrem::DenseMatrix reference_gamma(const testjson::Value& row) {
    qrem::DenseMatrix g(2, 2);
    for (std::size_t a = 0; a < 2; ++a)
        for (std::size_t b = 0; b < 2; ++b)
            g(a, b) =
                qrem::Complex(row["gamma_re"][a][b].as_number(), row["gamma_im"][a][b].as_number());
    return g;
}

/// The reference model: dimer J = U = 1, closed or with L = sqrt(0.5)|1><1|.
inline qrem::ModelSpec reference_model_spec(bool dephasing) {
    qrem::ModelSpec spec;
    spec.type = "bose-hubbard";
    spec.N = 4;
    if (dephasing)
        spec.jumps = {qrem::parse_jump_spec("number 0.5", "lindblad.jump")};
    return spec;
}

} // namespace testing_support
