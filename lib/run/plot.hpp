#pragma once
// run: entropy.png and theory.png, drawn by scripts/plot_*.py with Debian's matplotlib. Plotting is a
// convenience: when python3 or matplotlib is missing the run still succeeds, with a note.
#include <string>

namespace qrem {

struct PlotOutcome {
    bool drawn = false;
    std::string note; ///< why not, when not drawn
};

/// Runs the plotting script on `folder` with /usr/bin/python3 (or $QREM_PYTHON). Call it on
/// rank 0 only.
/// `normal_jumps`: every L is normal (else the plot says Theorem 3 and Corollary 1 do not apply).
PlotOutcome draw_entropy_plot(const std::string& folder, bool normal_jumps);

/// theory.png of a `qrem theory` folder, drawn by scripts/plot_theory.py. Rank 0 only.
PlotOutcome draw_theory_plot(const std::string& folder);
/// The script `name`: <prefix>/share/qrem/<name> next to an installed qrem, else the source
/// tree's scripts/<name> ($QREM_PLOT_SCRIPT first for plot_entropy.py); empty if none exists.
std::string plot_script_path(const std::string& name);

} // namespace qrem
