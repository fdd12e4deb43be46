#pragma once

#include <nlohmann/json.hpp>

namespace jobstream::web {

/// The jobstream.labels/1 document (GET /api/labels): the labels of the codes the dashboard offers
/// as filters, from the tables the figures use (offer/geo_reference, analytics/code_labels), so the
/// front end repeats none of them:
///   {"schema": "jobstream.labels/1",
///    "regions":      [{"code": "11", "label": "Île-de-France"}, ...],
///    "departements": [{"code": "2A", "label": "Corse-du-Sud", "region": "94"}, ...],
///    "contracts":    [{"code": "CDI", "label": "Contrat à durée indéterminée"}, ...]}
/// Each list in code order.
nlohmann::ordered_json reference_labels();

}  // namespace jobstream::web
