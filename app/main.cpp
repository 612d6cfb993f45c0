// qrem: the command-line front end. Session first, every PETSc object inside an inner scope,
// errors turned into one clear line and a non-zero exit status on every rank.
#include "command_line.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_options.hpp"
#include "core/session.hpp"
#include "version.hpp"

#include <iostream>
#include <optional>
#include <string>

namespace {

/// Exit status of a run whose integrator stalled (75 is "stopped by a signal, restartable";
/// 2 is bad input).
constexpr int stalled_status = 3;

int dispatch(const qrem::app::CommandLine& line) {
    using namespace qrem::app;
    qrem::refuse_qrem_keys_as_petsc_options(line.petsc_args);
    if (line.subcommand == "run")
        return command_run(line.qrem_args);
    if (line.subcommand == "info")
        return command_info(line.qrem_args);
    if (line.subcommand == "theory")
        return command_theory(line.qrem_args);
    if (line.subcommand.empty() || line.subcommand == "help") {
        for (const auto& a : line.qrem_args)
            if (a == "--version") {
                qrem::log::out() << "qrem " << qrem::version_string() << "\n";
                return 0;
            }
        qrem::log::out() << overview_help();
        return 0;
    }
    throw qrem::InputError("command", "unknown subcommand '" + line.subcommand +
                                          "' (try: qrem run, qrem info, qrem theory, qrem --help)");
}

} // namespace

int main(int argc, char** argv) {
    const auto line = qrem::app::split_command_line(argc, argv);
    std::optional<qrem::Session> session;
    try {
        session.emplace("qrem", line.petsc_args);
    } catch (const std::exception&) {
        return 1;
    }
    int status = 0;
    try {
        status = dispatch(line);
    } catch (const qrem::InputError& e) {
        // Every rank holds the same InputError (agree_on_input): rank 0 prints it once.
        qrem::log::err() << "qrem: error: " << e.what() << std::endl;
        status = 2;
    } catch (const qrem::IntegratorStalled& e) {
        // Thrown on every rank at the same step: printed once, every rank exits on its own.
        qrem::log::err() << "qrem: error: " << e.what() << std::endl;
        status = stalled_status;
    } catch (const qrem::OutputError& e) {
        // Thrown on every rank with rank 0's message (see write_on_root): printed once.
        qrem::log::err() << "qrem: error: " << e.what() << std::endl;
        status = qrem::output_error_status;
    } catch (const qrem::RankOutputError& e) {
        // The other ranks may be waiting inside the write, and the file cannot be closed:
        // abort without finalising (HDF5 would try to close it again there).
        qrem::log::error_on_this_rank(e.what());
        MPI_Abort(qrem::Session::comm(), qrem::output_error_status);
        return qrem::output_error_status;
    } catch (const std::exception& e) {
        // Possibly thrown on this rank alone: report it here, and abort the others rather than
        // leave them waiting in a collective call.
        qrem::log::error_on_this_rank(e.what());
        if (qrem::Session::size() > 1)
            MPI_Abort(qrem::Session::comm(), 1);
        status = 1;
    }
    session.reset();
    return status;
}
