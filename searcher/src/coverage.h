// Counting timelines and ranking trends on an open index (internal: Searcher::timeline and
// Searcher::trends run these under their retries).
#pragma once

#include <xapian.h>

#include "newsdex/trends.h"
#include "query_builder.h"

namespace newsdex::search {

// The timeline of what `queries` match.
TimelineResponse count_timeline(const Xapian::Database& database, const RequestQueries& queries,
                                const TimelineRequest& request);

// The trends among what `queries` match (their date filter, if any, is not used).
TrendsResponse rank_trends(const Xapian::Database& database, const RequestQueries& queries,
                           const TrendsRequest& request);

}  // namespace newsdex::search
