#pragma once
// io: results.h5, the run's results in one HDF5 file beside the CSV files (readable with h5py,
// scripts/qrem_results.py loads it):
//   /t                   float64 [T]        the output times
//   /timeseries/<column> float64 [T]        every column of timeseries.csv
//   /gamma               complex [T, d, d]  gamma_t (gamma.csv)
//   /marginal            complex [T, d, d]  Gamma_t^{N:1} (marginal.csv), where Gamma evolves
//   /states/times        float64 [S]        the times of output.save_state_at written so far
//   /states/state_<i>    external link to dataset /Gamma of the i-th state file
// Complex numbers are the compound {r, i} of two float64, which h5py reads as complex128.
// Serial HDF5 on one rank; written to a temporary file and renamed over results.h5.
#include "io/csv_table.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace qrem {

struct SavedState {
    double t;
    std::string file; ///< relative to the folder of results.h5
};

/// `series` as timeseries.csv's table (its first column t); `gamma` and `marginal` in the
/// long format (t, a, b, re, im) of gamma.csv and marginal.csv, one d x d matrix per output
/// time (`marginal` may be null). Throws Error if a table is inconsistent or a write fails.
void write_results_file(const std::string& path, const CsvTable& series, const CsvTable& gamma,
                        const CsvTable* marginal, std::size_t d,
                        const std::vector<SavedState>& states);

} // namespace qrem
