#include "run/time_series.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {

void TimeSeries::add(const NamedRow& row) {
    std::vector<std::string> names;
    std::vector<double> values;
    for (const auto& [name, value] : row) {
        names.push_back(name);
        values.push_back(value);
        last_[name] = value;
        auto [it, fresh] = max_.try_emplace(name, value);
        if (!fresh && !std::isnan(value) && (std::isnan(it->second) || value > it->second))
            it->second = value;
        auto [low, first] = min_.try_emplace(name, value);
        if (!first && !std::isnan(value) && (std::isnan(low->second) || value < low->second))
            low->second = value;
    }
    if (!table_)
        table_.emplace(names);
    else if (names != table_->columns())
        widen(names);
    // The row in the table's order, nan where it has no value (a column only earlier rows have).
    std::vector<double> ordered(table_->columns().size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t j = 0; j < table_->columns().size(); ++j)
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == table_->columns()[j])
                ordered[j] = values[k];
    table_->add_row(std::move(ordered));
}

void TimeSeries::widen(const std::vector<std::string>& names) {
    // The new row's columns in its order, then those only the earlier rows have; earlier rows
    // get nan in the new columns.
    std::vector<std::string> columns = names;
    for (const auto& c : table_->columns())
        if (std::find(names.begin(), names.end(), c) == names.end())
            columns.push_back(c);
    for (const auto& c : names)
        if (std::find(table_->columns().begin(), table_->columns().end(), c) ==
            table_->columns().end())
            added_later_.push_back(c);
    CsvTable widened(columns);
    for (const auto& old : table_->rows()) {
        std::vector<double> row(columns.size(), std::numeric_limits<double>::quiet_NaN());
        for (std::size_t j = 0; j < columns.size(); ++j)
            for (std::size_t k = 0; k < table_->columns().size(); ++k)
                if (table_->columns()[k] == columns[j])
                    row[j] = old[k];
        widened.add_row(std::move(row));
    }
    table_ = std::move(widened);
}

std::string TimeSeries::csv() const {
    return table_ ? table_->to_string() : std::string();
}

double TimeSeries::last(const std::string& column) const {
    const auto it = last_.find(column);
    return it == last_.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

double TimeSeries::min(const std::string& column) const {
    const auto it = min_.find(column);
    return it == min_.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

double TimeSeries::max(const std::string& column) const {
    const auto it = max_.find(column);
    return it == max_.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

} // namespace qrem
