#pragma once
// io: a numeric table written as CSV (header line, then one row per record, shortest round-trip
// numbers, so that values read back are bit-identical).
#include <string>
#include <vector>

namespace qrem {

class CsvTable {
public:
    explicit CsvTable(std::vector<std::string> columns) : columns_(std::move(columns)) {}
    /// Appends a row; throws std::invalid_argument if its length differs from the header's.
    void add_row(std::vector<double> row);
    const std::vector<std::string>& columns() const { return columns_; }
    std::size_t row_count() const { return rows_.size(); }
    std::string to_string() const;
    const std::vector<std::vector<double>>& rows() const { return rows_; }

    /// A table written by to_string() (values read back bit-identical, inf and nan included);
    /// throws Error naming `what` on malformed text.
    static CsvTable parse(const std::string& text, const std::string& what);

private:
    std::vector<std::string> columns_;
    std::vector<std::vector<double>> rows_;
};

/// The shortest text that reads back bit-identical (std::to_chars), "inf", "-inf" and "nan"
/// for non-finite values.
std::string format_exact(double x);

} // namespace qrem
