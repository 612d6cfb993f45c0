// The one place that decides where a few-body term acts (TermPlacement), checked by brute force
// on simulated row splits: for every rank count 1..7, every row of every rank and every term of
// a random operator, the placement agrees with where the row and its image actually live.
#include "nbody/term_placement.hpp"

#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using namespace testing_support;

TEST_CASE("term placement agrees with the row split at every rank count") {
    for (const auto& [d, N] : {std::pair<std::size_t, int>{2, 2},
                               {2, 3},
                               {2, 4},
                               {2, 5},
                               {3, 2},
                               {3, 3},
                               {3, 4},
                               {4, 3}}) {
        const NBodySpace space(d, N);
        const auto terms =
            few_body_terms(space, {random_hermitian(d, 3), random_two_body(d, 4), 0.5});
        REQUIRE(terms.size() == static_cast<std::size_t>(N) * d * d +
                                    static_cast<std::size_t>(N * (N - 1) / 2) * d * d * d * d);
        for (int ranks = 1; ranks <= 7; ++ranks) {
            INFO("d = " << d << ", N = " << N << ", ranks = " << ranks);
            const TermPlacement placement(space, ranks);
            const auto rank_of = [&](std::int64_t r) {
                int q = 0;
                while (owned_rows(space.D(), q, ranks).end <= r)
                    ++q;
                return q;
            };
            int wrong = 0, uncovered = 0, overcovered = 0;
            for (const FewBodyTerm& term : terms) {
                const Placement where = placement.place(term);
                for (int q = 0; q < ranks; ++q) {
                    const RowRange rows = owned_rows(space.D(), q, ranks);
                    std::vector<bool> in_range(static_cast<std::size_t>(rows.size()), false);
                    if (where == Placement::local ||
                        where == Placement::local_where_split_digits_match)
                        for (const RowRange& range : placement.local_ranges(term, rows)) {
                            // Whole blocks inside the rank's rows.
                            CHECK(range.begin % placement.block() == 0);
                            CHECK(range.end % placement.block() == 0);
                            CHECK(range.end <= rows.size());
                            for (std::int64_t i = range.begin; i < range.end; ++i)
                                in_range[static_cast<std::size_t>(i)] = true;
                        }
                    for (std::int64_t r = rows.begin; r < rows.end; ++r) {
                        const bool acts = term.acts_on(space, r);
                        // A local move runs over its ranges and matches the digits of the
                        // rank-local legs only.
                        bool local_match = in_range[static_cast<std::size_t>(r - rows.begin)];
                        for (std::size_t k = 0; k < static_cast<std::size_t>(term.legs); ++k)
                            if (placement.leg_is_local(term.leg[k]) &&
                                space.digit(r, term.leg[k]) != term.from[k])
                                local_match = false;
                        if (where == Placement::diagonal)
                            wrong += acts && term.target(space, r) != r;
                        if (where == Placement::local ||
                            where == Placement::local_where_split_digits_match) {
                            uncovered += acts && !local_match;
                            overcovered += !acts && local_match;
                            wrong += acts && rank_of(term.target(space, r)) != q;
                        }
                    }
                }
                // Remote terms change a split leg; every other term keeps its row on its rank.
                if (where == Placement::remote) {
                    bool changes_split_leg = false;
                    for (int k = 0; k < term.legs; ++k)
                        changes_split_leg |=
                            term.changes(k) &&
                            !placement.leg_is_local(term.leg[static_cast<std::size_t>(k)]);
                    CHECK(changes_split_leg);
                }
            }
            CHECK(wrong == 0);
            CHECK(uncovered == 0);
            CHECK(overcovered == 0);
        }
    }
}

TEST_CASE("the row block of a split: whole fibres of the rank-local legs") {
    const NBodySpace space(2, 4); // D = 16
    CHECK(TermPlacement(space, 1).block() == 16);
    CHECK(TermPlacement(space, 2).block() == 8); // leg 0 split
    CHECK_FALSE(TermPlacement(space, 2).leg_is_local(0));
    CHECK(TermPlacement(space, 2).leg_is_local(1));
    CHECK(TermPlacement(space, 4).block() == 4); // legs 0 and 1 split
    CHECK(TermPlacement(space, 3).block() == 1); // rows 0, 6, 11: every leg split
    const NBodySpace qutrits(3, 3);              // D = 27
    CHECK(TermPlacement(qutrits, 3).block() == 9);
    CHECK(TermPlacement(qutrits, 2).block() == 1);
}
