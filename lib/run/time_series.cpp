#include "run/time_series.hpp"

#include "core/error.hpp"

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
        throw Error("TimeSeries: a row's columns differ from the first row's");
    table_->add_row(std::move(values));
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
