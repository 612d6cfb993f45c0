// `qrem theory`: the finite statements inside the paper's proof of Theorems 1 and 3, computed:
// Proposition 3.3's count |I_{m,N}| exactly, Proposition 3.2's cancellations on random
// operators, and Lemma 1's entropy inequality on random matrices (docs/theory.md).
#include "commands.hpp"
#include "version.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/session.hpp"
#include "io/atomic_file.hpp"
#include "io/config.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"
#include "io/run_folder.hpp"
#include "linalg/random_matrices.hpp"
#include "model/mean_field.hpp"
#include "run/plot.hpp"
#include "theory/cancellation.hpp"
#include "theory/entropy_inequality.hpp"
#include "theory/index_counting.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const theory_usage = R"(Usage: qrem theory [--config FILE] [--theory.key value ...]

Computes the finite statements inside the paper's proof of Theorems 1 and 3 and writes them
into a results folder (theory.json, index_counts.csv, cancellation.csv, lemma1.csv and
theory.png):
  Proposition 3.3: |I_{m,N}| exactly for m <= theory.m_max and every N of theory.N, the ratio
    |I_{m,N}| / (N^m m!) and the smallest C_0 with |I_{m,N}| <= (C_0 N)^m m! over that range
    (the paper admits C_0 = 8), cross-checked by enumeration for m <= 4, N <= 8;
  Proposition 3.2: for a random faithful gamma and a random exchange-symmetric W (d of
    theory.cancellation_d), every index pair with i_nu != j_nu, m <= theory.cancellation_m_max,
    N <= theory.cancellation_N_max: the moments Tr(gamma^(x)N X_i1j1 ... X_imjm) that the
    proposition cancels, and the survivors, all in I_{m,N};
  Lemma 1: on random rho, sigma, A (d = 2 .. theory.lemma1_d_max), the slack of
    Tr(rho A) <= S(rho, sigma)/lambda + ln Tr(sigma e^(lambda A))/lambda over theory.lambda,
    and the Gibbs-variational equality case.
Serial: every rank computes the same; rank 0 writes. Explanations: docs/theory.md.
)";

po::options_description theory_keys() {
    po::options_description keys("Theory");
    keys.add_options()("theory.m_max", po::value<int>()->default_value(12),
                       "Proposition 3.3: m = 1 .. m_max (<= 16)")(
        "theory.N",
        po::value<std::vector<std::string>>()->multitoken()->default_value(
            {"2,3,4,5,6,8,10,16,32,64,100,128,256,512,1000,1024,2048,4096,8192,10000"},
            "2,3,4,...,8192,10000"),
        "Proposition 3.3: the N to count for (comma-separated, each in 1 .. 10^9)")(
        "theory.cancellation_d",
        po::value<std::vector<std::string>>()->multitoken()->default_value({"2,3"}, "2,3"),
        "Proposition 3.2: one-body dimensions d (2 .. 4)")("theory.cancellation_m_max",
                                                           po::value<int>()->default_value(3),
                                                           "Proposition 3.2: m = 1 .. this (<= 4)")(
        "theory.cancellation_N_max", po::value<int>()->default_value(5),
        "Proposition 3.2: N = 2 .. this (<= 6)")(
        "theory.lemma1_d_max", po::value<int>()->default_value(8),
        "Lemma 1: d = 2 .. this (<= 64)")("theory.lemma1_cases", po::value<int>()->default_value(5),
                                          "Lemma 1: random (rho, sigma, A) per d (>= 1)")(
        "theory.lambda",
        po::value<std::vector<std::string>>()->multitoken()->default_value({"0.01,0.1,0.5,1,2,5"},
                                                                           "0.01,0.1,0.5,1,2,5"),
        "Lemma 1: the lambda grid (each > 0)")(
        "theory.tolerance", po::value<double>()->default_value(1e-12, "1e-12"),
        "Proposition 3.2: a moment / ||X||_op^m below this counts as zero; Lemma 1: slack "
        "below -this is a violation")("theory.seed", po::value<int>()->default_value(1),
                                      "seed of the random operators")(
        "output.dir", po::value<std::string>()->default_value(""),
        "results folder (empty: qrem-runs/<timestamp>)")(
        "output.overwrite",
        po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
        "allow writing into a folder that holds earlier results")(
        "output.quiet",
        po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
        "no tables on stdout")("output.plot", po::value<bool>()->default_value(true, "true"),
                               "draw theory.png");
    return keys;
}

/// "2,3, 5" (one or several tokens) as numbers; InputError naming `key` otherwise.
template <typename T>
std::vector<T> number_list(const po::variables_map& v, const std::string& key, T lowest,
                           T highest) {
    std::vector<T> out;
    for (std::string token : v[key].as<std::vector<std::string>>()) {
        std::replace(token.begin(), token.end(), ',', ' ');
        std::istringstream in(token);
        std::string word;
        while (in >> word) {
            std::size_t used = 0;
            double x = 0;
            try {
                x = std::stod(word, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != word.size() || !std::isfinite(x))
                throw InputError(key, "'" + word + "' is not a number");
            if (x < static_cast<double>(lowest) || x > static_cast<double>(highest) ||
                (std::is_integral_v<T> && x != std::floor(x)))
                throw InputError(key, "each value must be " +
                                          std::string(std::is_integral_v<T> ? "an integer " : "") +
                                          "in [" + sci(static_cast<double>(lowest)) + ", " +
                                          sci(static_cast<double>(highest)) + "], got " + word);
            out.push_back(static_cast<T>(x));
        }
    }
    if (out.empty())
        throw InputError(key, "needs at least one value");
    return out;
}

int bounded_int(const po::variables_map& v, const std::string& key, int lowest, int highest) {
    const int x = v[key].as<int>();
    if (x < lowest || x > highest)
        throw InputError(key, "must lie in " + std::to_string(lowest) + " .. " +
                                  std::to_string(highest) + ", got " + std::to_string(x));
    return x;
}

struct TheorySettings {
    int m_max = 12;
    std::vector<std::int64_t> N;
    std::vector<int> cancellation_d;
    int cancellation_m_max = 3, cancellation_N_max = 5;
    int lemma1_d_max = 8, lemma1_cases = 5;
    std::vector<double> lambdas;
    double tolerance = 1e-12;
    unsigned seed = 1;
    OutputSpec output;
};

TheorySettings theory_settings(const po::variables_map& v) {
    TheorySettings s;
    s.m_max = bounded_int(v, "theory.m_max", 1, 16);
    s.N = number_list<std::int64_t>(v, "theory.N", 1, 1000000000);
    s.cancellation_d = number_list<int>(v, "theory.cancellation_d", 2, 4);
    s.cancellation_m_max = bounded_int(v, "theory.cancellation_m_max", 1, 4);
    s.cancellation_N_max = bounded_int(v, "theory.cancellation_N_max", 2, 6);
    // A moment is computed densely on the legs its pair uses, at most min(N, 2m) of them.
    for (const int d : s.cancellation_d) {
        const int legs = std::min(s.cancellation_N_max, 2 * s.cancellation_m_max);
        if (std::pow(d, legs) > 1024)
            throw InputError("theory.cancellation_N_max",
                             "d^min(N_max, 2 m_max) = " + std::to_string(d) + "^" +
                                 std::to_string(legs) +
                                 " exceeds 1024 (the moments are dense on the legs they use); "
                                 "lower theory.cancellation_N_max or theory.cancellation_m_max");
    }
    s.lemma1_d_max = bounded_int(v, "theory.lemma1_d_max", 2, 64);
    s.lemma1_cases = bounded_int(v, "theory.lemma1_cases", 1, 1000);
    s.lambdas = number_list<double>(v, "theory.lambda", 1e-12, 1e6);
    s.tolerance = v["theory.tolerance"].as<double>();
    if (!(std::isfinite(s.tolerance) && s.tolerance > 0))
        throw InputError("theory.tolerance", "must be finite and > 0, got " + sci(s.tolerance));
    s.seed = static_cast<unsigned>(bounded_int(v, "theory.seed", 0, 1 << 30));
    s.output.dir = v["output.dir"].as<std::string>();
    s.output.overwrite = v["output.overwrite"].as<bool>();
    s.output.quiet = v["output.quiet"].as<bool>();
    s.output.plot = v["output.plot"].as<bool>();
    return s;
}

/// log of a positive BigInteger (it may exceed double's range).
double log_of(const BigInteger& n) {
    const std::string digits = n.str();
    const std::size_t keep = std::min<std::size_t>(digits.size(), 17);
    return std::log(std::stod(digits.substr(0, keep))) +
           static_cast<double>(digits.size() - keep) * std::log(10.0);
}

} // namespace

int command_theory(const std::vector<std::string>& args) {
    po::options_description extra("Help");
    extra.add_options()("help,h", "show this help");
    const po::options_description keys = theory_keys();
    po::variables_map values;
    TheorySettings settings;
    agree_on_input(Session::comm(), [&] { values = parse_config_arguments(args, extra, keys); });
    if (values.count("help")) {
        log::out() << theory_usage << "\n" << keys << "\n";
        return 0;
    }
    agree_on_input(Session::comm(), [&] { settings = theory_settings(values); });
    log::set_quiet(settings.output.quiet);
    const RunFolder folder = prepare_run_folder(settings.output, Session::comm());
    const auto in_folder = [&](const std::string& name) {
        return (std::filesystem::path(folder.path) / name).string();
    };
    auto& out = log::out();
    out << "qrem theory: results in " << folder.path << "\n\n";
    const double start = MPI_Wtime();

    // Proposition 3.3, exactly.
    std::ostringstream counts_csv;
    counts_csv << "m,N,count,ratio,C0_needed\n";
    double smallest_C0 = 0.0;
    int worst_m = 0;
    std::int64_t worst_N = 0;
    out << "Proposition 3.3: |I_{m,N}| <= (C_0 N)^m m!; C0_needed = (|I_{m,N}|/m!)^(1/m)/N\n"
        << "   m            N   |I_{m,N}|/(N^m m!)   C0_needed   |I_{m,N}|\n";
    for (int m = 1; m <= settings.m_max; ++m) {
        const double ln_m_factorial = std::lgamma(m + 1.0);
        for (const std::int64_t N : settings.N) {
            const BigInteger count = index_set_size(m, N);
            const double ratio =
                count == 0 ? 0.0
                           : std::exp(log_of(count) - m * std::log(static_cast<double>(N)) -
                                      ln_m_factorial);
            const double C0 = count == 0 ? 0.0
                                         : std::exp((log_of(count) - ln_m_factorial) / m) /
                                               static_cast<double>(N);
            if (C0 > smallest_C0) {
                smallest_C0 = C0;
                worst_m = m;
                worst_N = N;
            }
            counts_csv << m << "," << N << "," << count.str() << "," << sci(ratio, 17) << ","
                       << sci(C0, 17) << "\n";
            out << format_number("%4.0f", m) << format_number("%13.0f", static_cast<double>(N))
                << format_number("%21.6e", ratio) << format_number("%12.6f", C0) << "   "
                << count.str() << "\n";
        }
    }
    // The exact formula against enumeration (m <= 4, N <= 8).
    bool enumeration_agrees = true;
    for (int m = 1; m <= 4; ++m)
        for (int N = 1; N <= 8; ++N)
            enumeration_agrees =
                enumeration_agrees && index_set_size(m, N) == index_set_size_by_enumeration(m, N);
    out << "smallest C_0 over the range: " << format_number("%.6f", smallest_C0)
        << " (at m = " << worst_m << ", N = " << worst_N << "); the paper's C_0 = 8 "
        << (smallest_C0 <= 8 ? "holds" : "FAILS") << "; exact count = enumeration for m <= 4, "
        << "N <= 8: " << (enumeration_agrees ? "yes" : "NO") << "\n\n";

    // Proposition 3.2 on random operators.
    CsvTable cancellation({"d", "N", "m", "pairs", "cancelled", "largest_cancelled", "survivors",
                           "survivors_in_index_set", "survivors_nonzero", "largest_survivor"});
    double largest_cancelled = 0.0;
    bool survivors_in_index_set = true;
    out << "Proposition 3.2: moments / ||X||^m (gamma, W random; tolerance "
        << sci(settings.tolerance) << ")\n"
        << "   d   N   m     pairs  cancelled  largest cancelled  survivors  (in I_mN, "
           "non-zero)\n";
    for (const int d : settings.cancellation_d) {
        const auto dim = static_cast<std::size_t>(d);
        const DenseMatrix gamma = random_density_matrix(dim, settings.seed + 100 * dim);
        const DenseMatrix W = random_two_body(dim, settings.seed + 100 * dim + 1);
        const DenseMatrix X = fluctuation_operator(W, gamma);
        for (int N = 2; N <= settings.cancellation_N_max; ++N)
            for (int m = 1; m <= settings.cancellation_m_max; ++m) {
                const CancellationCount c = count_cancellations(gamma, X, N, m, settings.tolerance);
                largest_cancelled = std::max(largest_cancelled, c.largest_cancelled);
                survivors_in_index_set =
                    survivors_in_index_set && c.survivors == c.survivors_in_index_set;
                cancellation.add_row(
                    {static_cast<double>(d), static_cast<double>(N), static_cast<double>(m),
                     static_cast<double>(c.pairs), static_cast<double>(c.cancelled),
                     c.largest_cancelled, static_cast<double>(c.survivors),
                     static_cast<double>(c.survivors_in_index_set),
                     static_cast<double>(c.survivors_nonzero), c.largest_survivor});
                char line[160];
                std::snprintf(line, sizeof line,
                              "%4d %3d %3d %9llu %10llu %18.3e %10llu  (%llu, %llu)\n", d, N, m,
                              static_cast<unsigned long long>(c.pairs),
                              static_cast<unsigned long long>(c.cancelled), c.largest_cancelled,
                              static_cast<unsigned long long>(c.survivors),
                              static_cast<unsigned long long>(c.survivors_in_index_set),
                              static_cast<unsigned long long>(c.survivors_nonzero));
                out << line;
            }
    }
    const bool cancellation_holds = largest_cancelled <= settings.tolerance;
    out << "cancelled moments vanish: " << (cancellation_holds ? "yes" : "NO") << " (largest "
        << sci(largest_cancelled)
        << "); survivors all in I_{m,N}: " << (survivors_in_index_set ? "yes" : "NO") << "\n\n";

    // Lemma 1 on random matrices.
    CsvTable lemma1({"d", "case", "lambda", "lhs", "gibbs_rhs", "rhs", "slack",
                     "golden_thompson_gap", "equality_residual"});
    double smallest_slack = INFINITY, largest_equality_residual = 0.0;
    long lemma1_checks = 0;
    for (int d = 2; d <= settings.lemma1_d_max; ++d)
        for (int k = 0; k < settings.lemma1_cases; ++k) {
            const auto dim = static_cast<std::size_t>(d);
            const unsigned seed =
                settings.seed + 1000u * static_cast<unsigned>(d) + 10u * static_cast<unsigned>(k);
            const DenseMatrix rho = random_density_matrix(dim, seed);
            const DenseMatrix sigma = random_density_matrix(dim, seed + 1);
            const DenseMatrix A = random_hermitian(dim, seed + 2);
            for (const double lambda : settings.lambdas) {
                const EntropyInequality e = entropy_inequality(rho, sigma, A, lambda);
                // (3.5) is an equality at rho = omega.
                const EntropyInequality at_omega =
                    entropy_inequality(gibbs_variational_state(sigma, A, lambda), sigma, A, lambda);
                const double residual = std::abs(at_omega.gibbs_slack());
                smallest_slack = std::min(smallest_slack, e.slack());
                largest_equality_residual = std::max(largest_equality_residual, residual);
                ++lemma1_checks;
                lemma1.add_row({static_cast<double>(d), static_cast<double>(k), lambda, e.lhs,
                                e.gibbs_rhs, e.rhs, e.slack(), e.golden_thompson_gap(), residual});
            }
        }
    const bool lemma1_holds = smallest_slack >= -settings.tolerance;
    out << "Lemma 1: " << lemma1_checks << " cases (d = 2 .. " << settings.lemma1_d_max
        << ", lambda in theory.lambda): smallest slack " << sci(smallest_slack)
        << (lemma1_holds ? " (holds)" : " (VIOLATED)") << "; Gibbs-variational equality to "
        << sci(largest_equality_residual) << "\n";

    Json summary =
        Json::object()
            .set("qrem_version", version_string())
            .set("command", "theory")
            .set("proposition_3_3",
                 Json::object()
                     .set("m_max", settings.m_max)
                     .set("N", Json(std::vector<double>(settings.N.begin(), settings.N.end())))
                     .set("smallest_C0", smallest_C0)
                     .set("smallest_C0_at",
                          Json::object().set("m", worst_m).set("N", static_cast<long>(worst_N)))
                     .set("paper_C0", 8.0)
                     .set("paper_C0_holds", smallest_C0 <= 8.0)
                     .set("exact_equals_enumeration_m4_N8", enumeration_agrees))
            .set("proposition_3_2",
                 Json::object()
                     .set("d", Json(std::vector<double>(settings.cancellation_d.begin(),
                                                        settings.cancellation_d.end())))
                     .set("m_max", settings.cancellation_m_max)
                     .set("N_max", settings.cancellation_N_max)
                     .set("seed", static_cast<long>(settings.seed))
                     .set("largest_cancelled_moment", largest_cancelled)
                     .set("cancelled_moments_vanish", cancellation_holds)
                     .set("survivors_in_index_set", survivors_in_index_set))
            .set("lemma_1", Json::object()
                                .set("cases", lemma1_checks)
                                .set("smallest_slack", smallest_slack)
                                .set("holds", lemma1_holds)
                                .set("largest_equality_residual", largest_equality_residual))
            .set("tolerance", settings.tolerance);
    Json::Array files{"index_counts.csv", "cancellation.csv", "lemma1.csv", "theory.json"};
    Json::Array notes;
    // The tables first (the plot reads index_counts.csv), theory.json last: it marks the folder
    // finished.
    qrem::write_on_root(Session::comm(), [&] {
        write_file_atomically(in_folder("index_counts.csv"), counts_csv.str());
        write_file_atomically(in_folder("cancellation.csv"), cancellation.to_string());
        write_file_atomically(in_folder("lemma1.csv"), lemma1.to_string());
    });
    if (settings.output.plot && Session::rank() == 0) {
        const PlotOutcome plot = draw_theory_plot(folder.path);
        if (plot.drawn)
            files.emplace_back("theory.png");
        else
            notes.emplace_back(plot.note);
    }
    summary.set("files", files).set("notes", notes).set("seconds", MPI_Wtime() - start);
    qrem::write_on_root(Session::comm(),
                        [&] { write_file_atomically(in_folder("theory.json"), summary.dump()); });
    // The new results are complete: the replaced ones (output.overwrite) are no longer needed.
    if (Session::rank() == 0)
        remove_previous_run(folder.path);
    for (const auto& note : notes)
        log::err() << "note: " << note.dump(0) << "\n";
    out << "results written to " << folder.path << "\n";
    // A failed statement is a finding, not an input error: exit 1 so that scripts notice.
    return smallest_C0 <= 8.0 && enumeration_agrees && cancellation_holds &&
                   survivors_in_index_set && lemma1_holds
               ? 0
               : 1;
}

} // namespace qrem::app
