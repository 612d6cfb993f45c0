#include "io/csv_table.hpp"

#include "core/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace qrem {

std::string format_exact(double x) {
    if (std::isnan(x))
        return "nan";
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    // The shortest text that reads back to the same double (0.3, not 0.29999999999999999).
    char buffer[40];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return std::string(buffer, end);
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

CsvTable CsvTable::parse(const std::string& text, const std::string& what) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line.empty())
        throw Error(what + ": no header line");
    std::vector<std::string> columns;
    std::istringstream header(line);
    for (std::string name; std::getline(header, name, ',');)
        columns.push_back(name);
    CsvTable table(columns);
    for (long number = 2; std::getline(in, line); ++number) {
        if (line.empty())
            continue;
        std::vector<double> row;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) {
            char* end = nullptr;
            row.push_back(std::strtod(cell.c_str(), &end));
            if (cell.empty() || *end != '\0')
                throw Error(what + ": line " + std::to_string(number) + ": '" + cell +
                            "' is not a number");
        }
        if (row.size() != columns.size())
            throw Error(what + ": line " + std::to_string(number) + " has " +
                        std::to_string(row.size()) + " values for " +
                        std::to_string(columns.size()) + " columns");
        table.rows_.push_back(std::move(row));
    }
    return table;
}

} // namespace qrem
