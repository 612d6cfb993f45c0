#include "model/matrix_file.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/input_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <vector>

namespace qrem {
namespace {

/// 8192 x 8192 complex entries (1 GiB): d <= 90 for a W of d^2 x d^2.
constexpr long max_entries = 8192L * 8192L;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

DenseMatrix read_matrix_market(std::istream& in, const std::string& where,
                               const std::string& field) {
    std::string line;
    std::getline(in, line);
    std::istringstream header(lower(line));
    std::string banner, object, format, scalar, symmetry;
    header >> banner >> object >> format >> scalar >> symmetry;
    if (banner != "%%matrixmarket" || object != "matrix")
        throw InputError(field, where + ": not a Matrix Market matrix (first line '" + line + "')");
    if (format != "coordinate" && format != "array")
        throw InputError(field, where + ": unsupported Matrix Market format '" + format + "'");
    if (scalar != "real" && scalar != "integer" && scalar != "complex")
        throw InputError(field, where + ": unsupported Matrix Market field '" + scalar + "'");
    if (symmetry != "general" && symmetry != "symmetric" && symmetry != "hermitian" &&
        symmetry != "skew-symmetric")
        throw InputError(field, where + ": unsupported Matrix Market symmetry '" + symmetry + "'");
    const bool complex = scalar == "complex";

    while (std::getline(in, line) && (line.empty() || line[0] == '%')) {
    }
    std::istringstream sizes(line);
    long rows = 0, cols = 0, entries = 0;
    sizes >> rows >> cols;
    if (format == "coordinate")
        sizes >> entries;
    if (!sizes || rows <= 0 || cols <= 0)
        throw InputError(field, where + ": bad size line '" + line + "'");
    // Checked before allocating: the declared size, not the file's, decides the memory.
    if (rows > max_entries / cols)
        throw InputError(field, where + ": declares " + std::to_string(rows) + " x " +
                                    std::to_string(cols) +
                                    ", more entries than a model matrix may have (8192 x 8192)");
    if (format == "coordinate" && (entries < 0 || entries > rows * cols))
        throw InputError(field, where + ": declares " + std::to_string(entries) +
                                    " entries for a " + std::to_string(rows) + " x " +
                                    std::to_string(cols) + " matrix");
    DenseMatrix m(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols));

    auto read_value = [&](long i, long j) {
        double re = 0, im = 0;
        if (!(in >> re) || (complex && !(in >> im)))
            throw InputError(field, where + ": missing or malformed value for entry (" +
                                        std::to_string(i + 1) + "," + std::to_string(j + 1) + ")");
        return Complex(re, im);
    };
    auto store = [&](long i, long j, Complex v) {
        if (i < 0 || j < 0 || i >= rows || j >= cols)
            throw InputError(field, where + ": entry (" + std::to_string(i + 1) + "," +
                                        std::to_string(j + 1) + ") outside " +
                                        std::to_string(rows) + "x" + std::to_string(cols));
        const auto ui = static_cast<std::size_t>(i), uj = static_cast<std::size_t>(j);
        m(ui, uj) = v;
        if (i != j) {
            if (symmetry == "symmetric")
                m(uj, ui) = v;
            else if (symmetry == "hermitian")
                m(uj, ui) = std::conj(v);
            else if (symmetry == "skew-symmetric")
                m(uj, ui) = -v;
        }
    };
    if (format == "coordinate") {
        for (long k = 0; k < entries; ++k) {
            long i = 0, j = 0;
            if (!(in >> i >> j))
                throw InputError(field, where + ": expected " + std::to_string(entries) +
                                            " entries, found " + std::to_string(k));
            store(i - 1, j - 1, read_value(i - 1, j - 1));
        }
    } else { // array: column-major, lower triangle only when symmetric
        for (long j = 0; j < cols; ++j)
            for (long i = (symmetry == "general" ? 0 : j); i < rows; ++i)
                store(i, j, read_value(i, j));
    }
    std::string rest;
    if (in >> rest)
        throw InputError(field, where + ": more values than its size line declares ('" + rest +
                                    "' after the last)");
    return m;
}

DenseMatrix read_plain_text(std::istream& in, const std::string& where, const std::string& field) {
    std::vector<std::vector<Complex>> rows;
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        line = line.substr(0, line.find('#'));
        std::istringstream tokens(line);
        std::vector<Complex> row;
        std::string token;
        while (tokens >> token) {
            std::istringstream value(token);
            Complex z;
            if (!(value >> z) || value.rdbuf()->in_avail() != 0)
                throw InputError(field, where + ":" + std::to_string(line_number) + ": '" + token +
                                            "' is not a number (write complex entries as (re,im))");
            row.push_back(z);
        }
        if (row.empty())
            continue;
        if (!rows.empty() && row.size() != rows.front().size())
            throw InputError(field, where + ":" + std::to_string(line_number) + ": row has " +
                                        std::to_string(row.size()) + " entries, the first has " +
                                        std::to_string(rows.front().size()));
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        throw InputError(field, where + ": file holds no matrix");
    DenseMatrix m(rows.size(), rows.front().size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j)
            m(i, j) = rows[i][j];
    return m;
}

} // namespace

DenseMatrix read_matrix_file(const std::string& path, const std::string& field) {
    // 256 MiB of text is far more than the largest matrix a run can use (see max_entries).
    std::ifstream in = open_input_file(path, field, std::uintmax_t{256} << 20);
    const std::string where = "'" + path + "'";
    return ends_with(lower(path), ".mtx") ? read_matrix_market(in, where, field)
                                          : read_plain_text(in, where, field);
}

std::string to_matrix_market(const DenseMatrix& m) {
    std::ostringstream out;
    out << "%%MatrixMarket matrix array complex general\n"
        << m.rows() << " " << m.cols() << "\n"
        << std::setprecision(17);
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (std::size_t i = 0; i < m.rows(); ++i)
            out << m(i, j).real() << " " << m(i, j).imag() << "\n";
    return out.str();
}

} // namespace qrem
