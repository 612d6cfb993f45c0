#include "run/plot.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <vector>

namespace fs = std::filesystem;

namespace qrem {
namespace {

/// 'text' for /bin/sh, with embedded single quotes escaped.
std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

/// Debian's interpreter first: python3-matplotlib installs into it, and a python3 earlier on
/// PATH (pyenv, conda) usually lacks matplotlib. $QREM_PYTHON overrides.
std::string python_interpreter() {
    if (const char* env = std::getenv("QREM_PYTHON"); env && *env)
        return env;
    std::error_code ec;
    return fs::exists("/usr/bin/python3", ec) ? "/usr/bin/python3" : "python3";
}

/// `script` run on `arguments` by python3: drawn, or a note that says why not.
PlotOutcome run_plot_script(const std::string& script, const std::vector<std::string>& arguments,
                            const std::string& product) {
    if (script.empty())
        return {false, product + " not drawn: its plot script was not found"};
    const std::string python = python_interpreter();
    std::string command = shell_quote(python) + " " + shell_quote(script);
    for (const auto& a : arguments)
        command += " " + shell_quote(a);
    command += " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return {false, "could not start python3"};
    std::string output;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe))
        output += buffer.data();
    const int status = pclose(pipe);
    if (status == 0)
        return {true, ""};
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
        output.pop_back();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return {false, product + " not drawn (" + python + " " + script + " exited with " +
                       std::to_string(code) + (output.empty() ? "" : ": " + output) + ")"};
}

} // namespace

std::string plot_script_path(const std::string& name) {
    if (const char* env = std::getenv("QREM_PLOT_SCRIPT");
        env && *env && name == "plot_entropy.py")
        return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec)
        candidates.push_back(exe.parent_path().parent_path() / "share/qrem" / name);
    candidates.push_back(fs::path(QREM_SOURCE_DIR) / "scripts" / name);
    for (const auto& c : candidates)
        if (fs::is_regular_file(c, ec))
            return c.string();
    return "";
}

PlotOutcome draw_entropy_plot(const std::string& folder, bool normal_jumps) {
    std::vector<std::string> arguments{folder};
    if (!normal_jumps)
        arguments.emplace_back("--non-normal");
    const std::string script = plot_script_path("plot_entropy.py");
    if (script.empty())
        return {false, "plot script plot_entropy.py not found (set QREM_PLOT_SCRIPT)"};
    return run_plot_script(script, arguments, "entropy.png");
}

PlotOutcome draw_theory_plot(const std::string& folder) {
    return run_plot_script(plot_script_path("plot_theory.py"), {folder}, "theory.png");
}

} // namespace qrem
