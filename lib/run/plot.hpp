#pragma once
// run: entropy.png, drawn by scripts/plot_entropy.py with Debian's matplotlib. Plotting is a
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

/// The script: $QREM_PLOT_SCRIPT, else <prefix>/share/qrem/plot_entropy.py next to an installed
/// qrem, else the source tree's scripts/plot_entropy.py; empty if none exists.
std::string plot_script_path();

} // namespace qrem
