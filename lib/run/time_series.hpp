#pragma once
// run: the rows of timeseries.csv as named values, with the last and largest value of every
// column for summary.json. The first row fixes the columns.
#include "io/csv_table.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qrem {

using NamedRow = std::vector<std::pair<std::string, double>>;

class TimeSeries {
public:
    /// Appends a row. A row with other columns than the earlier ones (a restart of a checkpoint
    /// that an earlier qrem wrote) widens the table: nan where a row has no value.
    void add(const NamedRow& row);
    /// The columns that earlier rows lacked (see add), in order.
    const std::vector<std::string>& columns_added_later() const { return added_later_; }
    std::string csv() const;
    bool empty() const { return !table_; }
    /// The value in the last row (NaN if the column is absent).
    double last(const std::string& column) const;
    /// The largest non-NaN value of the column over all rows (NaN if none).
    double max(const std::string& column) const;
    /// The smallest non-NaN value of the column over all rows (NaN if none).
    double min(const std::string& column) const;
    bool has(const std::string& column) const { return last_.count(column) > 0; }
    /// The rows as timeseries.csv's table (null before the first row).
    const CsvTable* table() const { return table_ ? &*table_ : nullptr; }

private:
    void widen(const std::vector<std::string>& names);

    std::optional<CsvTable> table_;
    std::vector<std::string> added_later_;
    std::map<std::string, double> last_, max_, min_;
};

} // namespace qrem
