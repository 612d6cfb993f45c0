#pragma once
// diagnostics: the paper's upper bounds on S(t) = S(Gamma_t, gamma_t^{(x)N}) and on the marginal
// distances. Each takes S_0 = S(Gamma_0, gamma_0^{(x)N}); S_0 = +inf gives +inf.
namespace qrem {

/// Theorem 3 with C_W <= 4||W||_op/m_0: ln of e^{32 C_W t}(S_0 + log 2). The bound itself
/// overflows a double for 32 C_W t > ~709, so the logarithm is what a run keeps.
double theorem3_log_bound(double S0, double C_W, double t);

/// The a posteriori form of the proof of Theorem 3 (C_0 = 8): dS/dt <= 32||X(t)||_op (S + log 2)
/// integrates to S(t) <= (S_0 + log 2) exp(32 int_0^t ||X(s)||_op ds) - log 2.
double aposteriori_bound(double S0, double X_op_integral);

/// Corollary 1 (Lemmas 5 and 6): ||Gamma^{N:k} - gamma^{(x)k}||_1 <= sqrt(2k B / N) for any
/// bound B on S(t).
double corollary1_bound(int k, int N, double B);

} // namespace qrem
