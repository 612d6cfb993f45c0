#include "io/csv_table.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace qrem {

std::string format_exact(double x) {
    if (std::isnan(x))
        return "nan";
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    return buffer;
}

void CsvTable::add_row(std::vector<double> row) {
    if (row.size() != columns_.size())
        throw std::invalid_argument("CsvTable: row of " + std::to_string(row.size()) +
                                    " values for " + std::to_string(columns_.size()) + " columns");
    rows_.push_back(std::move(row));
}

std::string CsvTable::to_string() const {
    std::string out;
    for (std::size_t j = 0; j < columns_.size(); ++j) {
        if (j)
            out += ',';
        out += columns_[j];
    }
    out += "\n";
    for (const auto& row : rows_) {
        for (std::size_t j = 0; j < row.size(); ++j) {
            if (j)
                out += ',';
            out += format_exact(row[j]);
        }
        out += "\n";
    }
    return out;
}

} // namespace qrem
