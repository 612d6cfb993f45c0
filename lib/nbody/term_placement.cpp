#include "nbody/term_placement.hpp"

namespace qrem {

TermPlacement::TermPlacement(const NBodySpace& space, int ranks)
    : space_(space), block_(space.D()) {
    const auto d = static_cast<std::int64_t>(space.d());
    for (int q = 0; q < ranks; ++q)
        while (owned_rows(space.D(), q, ranks).begin % block_ != 0)
            block_ /= d;
}

bool TermPlacement::leg_is_local(int leg) const {
    // A fibre of `leg` is a block of d * stride consecutive rows.
    return block_ % (static_cast<std::int64_t>(space_.d()) * space_.stride(leg)) == 0;
}

Placement TermPlacement::place(const FewBodyTerm& term) const {
    if (term.is_diagonal())
        return Placement::diagonal;
    bool split_condition = false;
    for (int k = 0; k < term.legs; ++k)
        if (!leg_is_local(term.leg[static_cast<std::size_t>(k)])) {
            if (term.changes(k))
                return Placement::remote;
            split_condition = true;
        }
    return split_condition ? Placement::local_where_split_digits_match : Placement::local;
}

std::vector<RowRange> TermPlacement::local_ranges(const FewBodyTerm& term,
                                                  const RowRange& rows) const {
    if (place(term) == Placement::local)
        return {{0, rows.size()}};
    // The split legs' digits are constant on each block: keep the blocks where they match,
    // merging neighbours.
    std::vector<RowRange> ranges;
    for (std::int64_t first = rows.begin; first < rows.end; first += block_) {
        bool match = true;
        for (std::size_t k = 0; k < static_cast<std::size_t>(term.legs); ++k)
            if (!leg_is_local(term.leg[k]) && space_.digit(first, term.leg[k]) != term.from[k])
                match = false;
        if (!match)
            continue;
        const std::int64_t offset = first - rows.begin;
        if (!ranges.empty() && ranges.back().end == offset)
            ranges.back().end += block_;
        else
            ranges.push_back({offset, offset + block_});
    }
    return ranges;
}

} // namespace qrem
