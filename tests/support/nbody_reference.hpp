#pragma once
// The N-body part of the plain dense reference: operators built from explicit Kronecker
// products of N factors, the Lindblad right-hand side from its definition, fixed-step RK4.
// Serial, for D = d^N up to a few hundred.
#include "support/dense_reference.hpp"

namespace ref {

/// 1 (x) ... (x) A (leg) (x) ... (x) 1.
Mat embed_one(const Mat& A, int leg, std::size_t d, int N);
/// W on legs (i, j), i != j in either order (W's first factor on leg i): sum W_{(ac),(be)}
/// ... |a><b|_i ... |c><e|_j ...
Mat embed_two(const Mat& W, int i, int j, std::size_t d, int N);
/// H_N = sum_j h_j + 1/(N-1) sum_{i<j} W_ij.
Mat hamiltonian(const Mat& h, const Mat& W, int N);
Mat lindblad_rk4(const Mat& H, const std::vector<Mat>& jumps, Mat G, double t, int steps);
/// The exact flow exp(t L) G of the (linear) Lindblad generator by its Taylor series, summed
/// to rounding on sub-intervals short enough that no term exceeds |G| by much: accurate to
/// ~1e-14 where RK4 needs thousands of steps for 1e-10.
Mat lindblad_taylor(const Mat& H, const std::vector<Mat>& jumps, Mat G, double t);
/// Every L_alpha embedded on every leg.
std::vector<Mat> embedded_jumps(const std::vector<Mat>& jumps, std::size_t d, int N);
Mat product_state(const Mat& gamma, int N);
/// Tr_{k+1..N} G.
Mat keep_first_legs(const Mat& G, int k, std::size_t d, int N);

} // namespace ref
