#pragma once
// model: the parameters that select and build a one-body model (filled from the config).
#include <string>
#include <vector>

namespace qrem {

struct BoseHubbardParams {
    int dimension = 1; ///< lattice dimension, 1 or 2
    int sites = 2;     ///< sites per dimension (periodic); d = sites^dimension
    double J = 1.0;    ///< hopping: h = J * graph Laplacian
    double U = 1.0;    ///< on-site interaction: W = U sum_k |kk><kk|
};

struct TorusParams {
    int points = 16;               ///< grid points on the unit circle (d)
    double hbar = 1.0;             ///< Planck constant
    std::string potential = "cos"; ///< "cos" or "gaussian"
    double amplitude = 1.0;
    double width = 0.1;         ///< Gaussian width (periodic distance)
    bool semiclassical = false; ///< paper §8 scaling: h = -hbar Laplacian, V = Phi / hbar
};

struct QuditParams {
    int levels = 2;                      ///< d
    std::string coupling = "heisenberg"; ///< "ising", "heisenberg" or "on-site"
    double coupling_strength = 1.0;
    double field_z = 0.5; ///< h = field_z S_z + field_x S_x
    double field_x = 1.0;
};

struct FileModelParams {
    std::string h_file;
    std::string W_file;
};

/// One entry of the jump-operator list, e.g. "site-dephasing 0.5", "number 0.5",
/// "number 0.5 0,1,1", "amplitude-damping 0.1", "matrix L.mtx".
struct JumpSpec {
    std::string kind;
    double rate = 0.0;           ///< "matrix": L = sqrt(rate) x the file's matrix (default 1)
    std::vector<double> weights; ///< "number" only; default k for level k
    std::string file;            ///< "matrix" only
    std::string text;            ///< as written, for messages
};

/// Parses one jump entry; throws InputError naming `field` on a malformed entry or rate < 0.
JumpSpec parse_jump_spec(const std::string& text, const std::string& field);

struct ModelSpec {
    std::string type = "bose-hubbard";
    int N = 8;
    BoseHubbardParams bose_hubbard;
    TorusParams torus;
    QuditParams qudit;
    FileModelParams file;
    std::vector<JumpSpec> jumps;
};

} // namespace qrem
