#include "nbody/few_body_terms.hpp"

namespace qrem {

bool FewBodyTerm::acts_on(const NBodySpace& space, std::int64_t r) const {
    for (std::size_t k = 0; k < static_cast<std::size_t>(legs); ++k)
        if (space.digit(r, leg[k]) != from[k])
            return false;
    return true;
}

std::int64_t FewBodyTerm::target(const NBodySpace& space, std::int64_t r) const {
    for (std::size_t k = 0; k < static_cast<std::size_t>(legs); ++k)
        r = space.with_digit(r, leg[k], to[k]);
    return r;
}

std::vector<FewBodyTerm> few_body_terms(const NBodySpace& space, const FewBodySum& sum) {
    const std::size_t d = space.d();
    std::vector<FewBodyTerm> terms;
    if (sum.one_body.rows() == d)
        for (int j = 0; j < space.N(); ++j)
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b)
                    if (sum.one_body(a, b) != Complex(0.0))
                        terms.push_back({1, {j, j}, {a, a}, {b, b}, sum.one_body(a, b)});
    if (sum.two_body.rows() == d * d)
        for (int i = 0; i < space.N(); ++i)
            for (int j = i + 1; j < space.N(); ++j)
                for (std::size_t a = 0; a < d; ++a)
                    for (std::size_t c = 0; c < d; ++c)
                        for (std::size_t b = 0; b < d; ++b)
                            for (std::size_t e = 0; e < d; ++e) {
                                const Complex w = sum.two_body(a * d + c, b * d + e);
                                if (w != Complex(0.0))
                                    terms.push_back(
                                        {2, {i, j}, {a, c}, {b, e}, sum.pair_factor * w});
                            }
    return terms;
}

void few_body_row(const NBodySpace& space, const std::vector<FewBodyTerm>& terms, std::int64_t r,
                  std::map<std::int64_t, Complex>& row) {
    for (const FewBodyTerm& term : terms)
        if (term.acts_on(space, r))
            row[term.target(space, r)] += term.value;
}

} // namespace qrem
