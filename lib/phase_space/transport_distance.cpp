#include "phase_space/transport_distance.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace qrem {
namespace {

constexpr double mass_unit = 0x1p-50;
constexpr double cost_unit = 0x1p-34;

/// w clipped at zero and scaled to sum one.
std::vector<double> probability(const std::vector<double>& w, const char* name) {
    std::vector<double> p(w.size());
    std::transform(w.begin(), w.end(), p.begin(), [](double x) { return std::max(x, 0.0); });
    const double total = std::accumulate(p.begin(), p.end(), 0.0);
    if (!(total > 0.0) || !std::isfinite(total))
        throw std::invalid_argument(std::string("bounded_transport_distance: ") + name +
                                    " has no positive mass");
    for (double& x : p)
        x /= total;
    return p;
}

} // namespace

double bounded_transport_distance(const std::vector<double>& mu_weights,
                                  const std::vector<double>& nu_weights,
                                  const std::function<double(std::size_t, std::size_t)>& metric) {
    if (mu_weights.size() != nu_weights.size())
        throw std::invalid_argument("bounded_transport_distance: mu has " +
                                    std::to_string(mu_weights.size()) + " points, nu " +
                                    std::to_string(nu_weights.size()));
    const std::vector<double> mu = probability(mu_weights, "mu");
    const std::vector<double> nu = probability(nu_weights, "nu");
    const std::size_t n = mu.size();

    using Graph = lemon::SmartDigraph;
    Graph graph;
    graph.reserveNode(static_cast<int>(n + 1));
    std::vector<Graph::Node> nodes(n);
    for (auto& node : nodes)
        node = graph.addNode();
    const Graph::Node hub = graph.addNode();

    // The supplies mu - nu in integer units, balanced to sum zero on the largest entry.
    Graph::NodeMap<long long> supply(graph, 0);
    long long balance = 0;
    std::size_t largest = 0;
    for (std::size_t z = 0; z < n; ++z) {
        const long long s = std::llround(mu[z] / mass_unit) - std::llround(nu[z] / mass_unit);
        supply[nodes[z]] = s;
        balance += s;
        if (std::abs(mu[z] - nu[z]) > std::abs(mu[largest] - nu[largest]))
            largest = z;
    }
    supply[nodes[largest]] -= balance;

    std::vector<double> arc_cost; // the true cost of arc id
    Graph::ArcMap<double> cost(graph);
    auto add_arc = [&](Graph::Node from, Graph::Node to, double c) {
        const Graph::Arc arc = graph.addArc(from, to);
        arc_cost.push_back(c);
        cost.set(arc, std::round(c / cost_unit)); // integer-valued; exact in a double
    };
    for (std::size_t z = 0; z < n; ++z) {
        add_arc(nodes[z], hub, 0.5);
        add_arc(hub, nodes[z], 0.5);
        for (std::size_t w = z + 1; w < n; ++w) {
            const double c = metric(z, w);
            if (c < 1.0) {
                add_arc(nodes[z], nodes[w], c);
                add_arc(nodes[w], nodes[z], c);
            }
        }
    }
    // (ArcMap was created before the arcs: SmartDigraph maps grow with the graph.)

    lemon::NetworkSimplex<Graph, long long, double> simplex(graph);
    simplex.costMap(cost).supplyMap(supply);
    if (simplex.run() != lemon::NetworkSimplex<Graph, long long, double>::OPTIMAL)
        throw std::runtime_error("bounded_transport_distance: the network simplex found no "
                                 "optimal flow");
    long double total = 0.0L;
    for (Graph::ArcIt arc(graph); arc != lemon::INVALID; ++arc)
        total += static_cast<long double>(simplex.flow(arc)) * arc_cost[graph.id(arc)];
    return static_cast<double>(total * mass_unit);
}

} // namespace qrem
