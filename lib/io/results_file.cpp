#include "io/results_file.hpp"

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "state/hdf5_errors.hpp"

#include <hdf5.h>

#include <complex>
#include <filesystem>

namespace qrem {
namespace {

/// Closes an HDF5 identifier at scope exit.
class Id {
public:
    Id(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id < 0)
            throw Error("cannot create " + what);
    }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id() { close_(id_); }
    operator hid_t() const { return id_; } // NOLINT: pass straight to HDF5 calls

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

void ok(herr_t status, const std::string& what) {
    if (status < 0)
        throw Error("cannot write " + what);
}

void write_doubles(hid_t where, const std::string& name, const std::vector<double>& values) {
    const hsize_t n = values.size();
    Id space(H5Screate_simple(1, &n, nullptr), H5Sclose, name);
    Id set(H5Dcreate2(where, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT,
                      H5P_DEFAULT),
           H5Dclose, name);
    ok(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
}

/// A long-format table (t, a, b, re, im) as a complex [T, d, d] dataset.
void write_matrices(hid_t where, const std::string& name, const CsvTable& table, std::size_t d,
                    std::size_t times) {
    if (table.row_count() != times * d * d)
        throw Error("results.h5: " + name + " has " + std::to_string(table.row_count()) +
                    " entries for " + std::to_string(times) + " output times of " +
                    std::to_string(d) + " x " + std::to_string(d) + " matrices");
    std::vector<std::complex<double>> values(table.row_count());
    for (std::size_t k = 0; k < values.size(); ++k) {
        const auto& row = table.rows()[k];
        const auto a = static_cast<std::size_t>(row[1]), b = static_cast<std::size_t>(row[2]);
        values[(k / (d * d)) * d * d + a * d + b] = {row[3], row[4]};
    }
    Id type(H5Tcreate(H5T_COMPOUND, sizeof(std::complex<double>)), H5Tclose, "complex type");
    ok(H5Tinsert(type, "r", 0, H5T_NATIVE_DOUBLE), "complex type");
    ok(H5Tinsert(type, "i", sizeof(double), H5T_NATIVE_DOUBLE), "complex type");
    const hsize_t dims[3] = {times, d, d};
    Id space(H5Screate_simple(3, dims, nullptr), H5Sclose, name);
    Id set(H5Dcreate2(where, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           H5Dclose, name);
    ok(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
}

/// The datasets of results.h5 into an open file.
void write_content(hid_t file, const CsvTable& series, const CsvTable& gamma,
                   const CsvTable* marginal, std::size_t d, const std::vector<SavedState>& states) {
    const std::size_t times = series.row_count();
    std::vector<double> column(times);
    for (std::size_t i = 0; i < times; ++i)
        column[i] = series.rows()[i][0];
    write_doubles(file, "t", column);
    Id group(H5Gcreate2(file, "timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             "group timeseries");
    for (std::size_t j = 0; j < series.columns().size(); ++j) {
        for (std::size_t i = 0; i < times; ++i)
            column[i] = series.rows()[i][j];
        write_doubles(group, series.columns()[j], column);
    }
    write_matrices(file, "gamma", gamma, d, times);
    if (marginal)
        write_matrices(file, "marginal", *marginal, d, times);
    Id saved(H5Gcreate2(file, "states", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             "group states");
    std::vector<double> state_times;
    for (std::size_t i = 0; i < states.size(); ++i) {
        state_times.push_back(states[i].t);
        const std::string link = "state_" + std::to_string(i);
        ok(H5Lcreate_external(states[i].file.c_str(), "/Gamma", saved, link.c_str(), H5P_DEFAULT,
                              H5P_DEFAULT),
           link);
    }
    write_doubles(saved, "times", state_times);
}

} // namespace

void write_results_file(const std::string& path, const CsvTable& series, const CsvTable& gamma,
                        const CsvTable* marginal, std::size_t d,
                        const std::vector<SavedState>& states) {
    const std::string temporary = path + ".tmp";
    try {
        // One line names the file and the reason; HDF5's stack dump would only bury it.
        const SilencedHdf5Errors quiet;
        const hid_t file = H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (file < 0)
            throw Error("cannot create " + temporary);
        try {
            write_content(file, series, gamma, marginal, d, states);
        } catch (const Error&) {
            H5Fclose(file);
            throw;
        }
        // Closing flushes: a full disk may show only here.
        if (H5Fclose(file) < 0)
            throw Error("cannot close " + temporary);
        std::error_code error;
        std::filesystem::rename(temporary, path, error);
        if (error)
            throw Error("cannot rename " + temporary + " to " + path + ": " + error.message());
    } catch (const Error& e) {
        const std::string reason = write_failure_reason(path, 0);
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error("cannot write '" + path + "' (" + reason + ") [" + e.what() + "]");
    }
}

} // namespace qrem
