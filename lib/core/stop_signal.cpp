#include "core/stop_signal.hpp"

#include <csignal>

namespace qrem {
namespace {

volatile std::sig_atomic_t received = 0;
bool installed = false;

extern "C" void record_stop_signal(int signal) {
    received = signal;
}

} // namespace

void install_stop_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = record_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // MPI and file calls resume instead of failing with EINTR
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGUSR1, &action, nullptr);
    installed = true;
}

void keep_stop_signals_harmless() {
    if (installed)
        install_stop_signal_handlers();
}

int stop_signal_received(MPI_Comm comm) {
    int local = received, any = 0;
    MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_MAX, comm);
    return any;
}

} // namespace qrem
